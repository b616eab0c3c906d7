/**
 * Changing values in a JSON or JSONC config file the way a careful person would with an editor:
 * {@link dev.creor.config.edit.ConfigFileEditor} applies {@link dev.creor.config.edit.ConfigEdit}s
 * by splicing, so comments, formatting, key order and every other key stay as they were, and
 * answers with an {@link dev.creor.config.edit.EditOutcome}: written, unchanged, or refused with
 * the reason and a snippet to paste when that cannot be guaranteed.
 *
 * <p>The file is read with the config loader's own JSONC reader, so the editor accepts exactly
 * the files the loader does; it is written atomically and only when it is the user's own, like
 * every file Creor takes configuration from (see {@link dev.creor.config.files.FileOwnership}).
 *
 * <p>Every public type is immutable, and no method accepts or returns {@code null}.
 */
package dev.creor.config.edit;
