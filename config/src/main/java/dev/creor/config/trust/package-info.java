/**
 * Which project folders the user trusts: {@link dev.creor.config.trust.TrustStore} records
 * what {@code creor trust} trusted (each folder with the SHA-256 of its project config files)
 * and answers the config loader as a {@link dev.creor.config.ProjectTrust}.
 */
package dev.creor.config.trust;
