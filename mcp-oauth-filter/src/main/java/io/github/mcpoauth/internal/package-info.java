/**
 * Not API: small types the module's packages share, public only so that they can.
 * {@link io.github.mcpoauth.internal.ServerKey} (one owner's server),
 * {@link io.github.mcpoauth.internal.Deadlines} (timeouts on the service's own scheduler),
 * {@link io.github.mcpoauth.internal.ReactorSchedulers} (ends Reactor's threads on undeploy),
 * {@link io.github.mcpoauth.internal.ModuleThreads} (the threads the module owns and ends).
 * They may change or go in any release.
 *
 * <p>Imports no other package of the module, and nothing of Jakarta EE.
 */
package io.github.mcpoauth.internal;
