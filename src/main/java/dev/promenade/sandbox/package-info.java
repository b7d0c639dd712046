/**
 * The embedded GitHub stand-in: GitHub's REST and GraphQL APIs, OAuth pages, and pages to push
 * and merge from. Part of dev mode and tests only: its beans exist only in a build with
 * {@code promenade.sandbox.included=true} (set for the dev and test profiles, see
 * {@link dev.promenade.sandbox.Sandbox}), so the production package has none of its routes.
 */
package dev.promenade.sandbox;
