package dev.creor.provider.openaicompatible;

/**
 * The JSON Schema (draft-07) fragment of an OpenAI-compatible endpoint's config section. What
 * decides where requests go or what they carry (the URL, the key, the headers) is trusted-only:
 * an untrusted project file may not send the user's prompts or key somewhere new.
 */
final class ConfigSchema {
    private ConfigSchema() {
    }

    static final String TEXT = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "required": ["options"],
              "properties": {
                "options": {
                  "type": "object",
                  "description": "Where the OpenAI-compatible server is and what requests carry.",
                  "required": ["baseURL"],
                  "additionalProperties": false,
                  "properties": {
                    "baseURL": {
                      "type": "string",
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "change where prompts and keys are sent",
                      "pattern": "^https?://[^\\\\s?#]+$",
                      "description": "The server's OpenAI-compatible API, without /chat/completions, e.g. http://127.0.0.1:11434/v1. Plain http only to this machine."
                    },
                    "apiKey": {
                      "type": "string",
                      "minLength": 1,
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "choose the key requests are sent with",
                      "description": "The key, if the server takes one; prefer `creor auth login <name>` or {env:...}."
                    },
                    "headers": {
                      "type": "object",
                      "additionalProperties": {"type": "string"},
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "set request headers",
                      "description": "Headers sent with every request, e.g. {\\"X-Org\\": \\"acme\\"}."
                    },
                    "models": {
                      "type": "array",
                      "items": {"type": "string", "minLength": 1},
                      "x-creor-trust": "any",
                      "description": "The models to offer, instead of asking the server's /models."
                    },
                    "name": {
                      "type": "string",
                      "minLength": 1,
                      "x-creor-trust": "any",
                      "description": "The server's name in messages, e.g. Ollama. Default: the provider's id."
                    }
                  }
                }
              }
            }
            """;
}
