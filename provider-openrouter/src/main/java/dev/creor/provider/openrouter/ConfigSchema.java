package dev.creor.provider.openrouter;

/**
 * The JSON Schema (draft-07) fragment of the {@code provider.openrouter} config section. Options
 * that decide where requests go or what they carry are marked {@code "x-creor-trust":
 * "trusted-only"} (an untrusted project file may not set them); the harmless ones are marked
 * {@code "any"}; an option without a mark inherits Creor's default for options, trusted-only.
 */
final class ConfigSchema {
    private ConfigSchema() {
    }

    static final String TEXT = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "properties": {
                "options": {
                  "type": "object",
                  "description": "How Creor talks to OpenRouter.",
                  "additionalProperties": false,
                  "properties": {
                    "apiKey": {
                      "type": "string",
                      "minLength": 1,
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "choose the key requests are sent with",
                      "description": "The OpenRouter API key (sk-or-...). Prefer `creor auth login openrouter` or OPENROUTER_API_KEY; if you set it here, use {env:OPENROUTER_API_KEY} or {file:...} rather than the key itself."
                    },
                    "baseURL": {
                      "type": "string",
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "change where keys are sent",
                      "pattern": "^https?://[^\\\\s?#]+$",
                      "description": "OpenRouter's API base URL, without a trailing /chat/completions. Default: https://openrouter.ai/api/v1"
                    },
                    "referer": {
                      "type": "string",
                      "minLength": 1,
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "set request headers",
                      "description": "The HTTP-Referer attribution header: your app's URL on openrouter.ai rankings. Default: https://creor.dev"
                    },
                    "title": {
                      "type": "string",
                      "minLength": 1,
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "set request headers",
                      "description": "The X-OpenRouter-Title attribution header (also sent as X-Title, its older name): your app's name. Default: Creor"
                    },
                    "categories": {
                      "type": "array",
                      "minItems": 1,
                      "uniqueItems": true,
                      "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                      "x-creor-trust": "trusted-only",
                      "x-creor-trust-refusal": "set request headers",
                      "description": "The X-OpenRouter-Categories attribution header: what kind of app yours is on openrouter.ai's rankings, e.g. [\\"cli-agent\\"]. Default: none sent"
                    },
                    "catalogTtl": {
                      "type": "integer",
                      "x-creor-trust": "any",
                      "minimum": 0,
                      "description": "How long the cached model list is used before it is fetched again, in milliseconds. Default: 3600000 (one hour)"
                    },
                    "maxConnections": {
                      "type": "integer",
                      "x-creor-trust": "any",
                      "minimum": 1,
                      "description": "The most HTTP connections to OpenRouter open at once (each running stream holds one). Default: 1000"
                    }
                  }
                },
                "routing": {
                  "type": "object",
                  "description": "OpenRouter's provider-routing preferences: which upstream providers may serve a model, and in which order.",
                  "additionalProperties": false,
                  "properties": {
                    "order": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Upstream providers to try first, in order, e.g. [\\"Anthropic\\", \\"Google\\"]."},
                    "allowFallbacks": {"type": "boolean", "description": "Whether providers outside `order` may serve the request when those fail. Default: true"},
                    "requireParameters": {"type": "boolean", "description": "Only use providers that support every parameter of the request."},
                    "dataCollection": {"enum": ["allow", "deny"], "description": "`deny` excludes providers that may store or train on prompts."},
                    "zdr": {"type": "boolean", "description": "Only use providers with zero data retention."},
                    "only": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Use only these upstream providers."},
                    "ignore": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Never use these upstream providers."},
                    "quantizations": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Accepted quantizations, e.g. [\\"fp8\\", \\"bf16\\"]."},
                    "sort": {"enum": ["price", "throughput", "latency"], "description": "Order providers by price, throughput or latency instead of OpenRouter's load balancing."},
                    "maxPrice": {
                      "type": "object",
                      "description": "The most to pay, in US dollars per million tokens (per request or image for those keys).",
                      "additionalProperties": false,
                      "properties": {
                        "prompt": {"type": "number", "minimum": 0},
                        "completion": {"type": "number", "minimum": 0},
                        "request": {"type": "number", "minimum": 0},
                        "image": {"type": "number", "minimum": 0}
                      }
                    }
                  }
                }
              }
            }
            """;
}
