/**
 * The settings page of {@code creor settings}: a local web page for keys, OpenRouter's model
 * whitelist and timeout, and the agents' models.
 *
 * <p>{@link dev.creor.settings.SettingsServer} serves the page and its JSON API on
 * {@code 127.0.0.1} over a {@link dev.creor.settings.SettingsBackend};
 * {@link dev.creor.settings.DefaultSettingsBackend} is the backend Creor uses, with keys
 * through {@link dev.creor.runtime.internal.credentials.AuthService} and settings saved into the
 * {@link dev.creor.settings.GlobalConfigFile} by
 * {@link dev.creor.config.edit.ConfigFileEditor} (config's editor), which changes values in JSON/JSONC text
 * without disturbing comments or anything else. {@link dev.creor.settings.BrowserLauncher}
 * opens the page. See {@code docs/settings.md}.
 */
package dev.creor.settings;
