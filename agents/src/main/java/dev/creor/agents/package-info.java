/**
 * Agents: named roles ({@code build}, {@code plan}, {@code explore} and any the config defines),
 * each with a description, a system prompt and, optionally, its own model, fallbacks and
 * sampling settings; and the rules that decide which model an agent uses.
 *
 * <p>This package depends on {@code dev.creor.core} only. The app turns the config's
 * {@code agent} section into {@link dev.creor.agents.AgentDefinition}s and builds an
 * {@link dev.creor.agents.AgentCatalog} from them.
 */
package dev.creor.agents;
