package dev.promenade.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;

import dev.promenade.config.PromenadeConfig;

/** Absolute links for people to share: on {@code promenade.public-url} when set, else on the request's own URL. */
@ApplicationScoped
public class PublicLinks {

    @Inject
    PromenadeConfig config;

    public String to(String path, UriInfo request) {
        return base(request) + path;
    }

    /** Promenade's base URL, without a trailing slash. */
    public String base(UriInfo request) {
        return config.publicUrl().map(Object::toString)
                .orElseGet(() -> request.getBaseUri().toString())
                .replaceAll("/+$", "");
    }
}
