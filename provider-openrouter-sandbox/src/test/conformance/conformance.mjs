#!/usr/bin/env node
// Checks Creor's OpenRouter sandbox, and the adapter's requests and fixtures, against OpenRouter's
// official TypeScript SDK (@openrouter/sdk, pinned in package.json).
//
//   node conformance.mjs sandbox BASE_URL KEY [--remove-key NAME]...
//       Calls every endpoint and scripted behaviour of a running sandbox, with the SDK's client
//       (which validates answers itself) and with raw HTTP, checking each body and each stream
//       chunk key by key against the SDK's response schemas. --remove-key deletes every key NAME
//       from what the sandbox answered before it is checked: the self-test that a missing
//       required field is reported.
//   node conformance.mjs requests FILE
//       FILE holds a JSON array of {name, body, tolerate?}: chat request bodies as the adapter sent
//       them, each checked key by key (unknown keys fail) against the SDK's request schema.
//   node conformance.mjs skeleton SCHEMA
//       Prints a value with every field of a response schema (ChatResult, ChatStreamChunk,
//       ModelsListResponse, GetCurrentKeyResponse, GenerationResponse): the start of a fixture.
//   node conformance.mjs fixtures DIR
//       Each DIR/*.json fixture names the response schema it stands for and must pass it and
//       contain every field that schema defines.
//
// Prints one line per mismatch ("MISMATCH ...") and a closing count line; exits 0 when nothing
// mismatched, 1 when something did, 2 on a usage error.
import { readFileSync, readdirSync } from "node:fs";
import { join as joinPath } from "node:path";
import { OpenRouter } from "@openrouter/sdk";
import { HTTPClient } from "@openrouter/sdk/lib/http.js";
import * as models from "@openrouter/sdk/models";
import * as errors from "@openrouter/sdk/models/errors";
import * as operations from "@openrouter/sdk/models/operations";
import { check, example, fieldPaths, normalise } from "./schema-check.mjs";

export const SDK_VERSION = JSON.parse(readFileSync(new URL("./node_modules/@openrouter/sdk/package.json", import.meta.url))).version;
const SCRIPT_HEADER = "X-Creor-Sandbox-Script";

/**
 * Fields OpenRouter sends that SDK 1.3.19's response schemas do not define. Each is in OpenRouter's
 * own API documentation; they are accepted where listed and reported as tolerated, nowhere else.
 */
const RESPONSE_EXTRAS = [
  { path: /^$/, key: "provider", why: "OpenRouter names the upstream provider in every completion and chunk (API reference, responses)" },
  { path: /^choices\[\]$/, key: "native_finish_reason", why: "OpenRouter passes the upstream's own finish reason beside the normalised one (API reference, responses)" },
  { path: /^error\.metadata$/, key: "provider_name", why: "OpenRouter's error metadata names the upstream provider (API reference, errors)" },
  { path: /^error\.metadata$/, key: "raw", why: "OpenRouter's error metadata carries the upstream's own error (API reference, errors)" },
  { path: /^choices\[\]\.message$/, key: "annotations", why: "OpenRouter's web search (:online, the web plugin) cites its sources as url_citation annotations on the message (guides, web search)" },
  { path: /^choices\[\]\.delta$/, key: "annotations", why: "streamed, the web search's url_citation annotations arrive on a delta (guides, web search)" },
];

/** The SDK's error class for each HTTP status, as its chat client maps them. */
const ERROR_CLASSES = {
  400: "BadRequestResponseError", 401: "UnauthorizedResponseError", 402: "PaymentRequiredResponseError",
  403: "ForbiddenResponseError", 404: "NotFoundResponseError", 408: "RequestTimeoutResponseError",
  413: "PayloadTooLargeResponseError", 422: "UnprocessableEntityResponseError", 429: "TooManyRequestsResponseError",
  500: "InternalServerResponseError", 502: "BadGatewayResponseError", 503: "ServiceUnavailableResponseError",
  504: "GatewayTimeoutResponseError", 524: "EdgeNetworkTimeoutResponseError", 529: "ProviderOverloadedResponseError",
};

/** A chat completion that carries an error instead of choices: the SDK's in-band error over ChatResult's header. */
const ERROR_IN_200 = models.ChatResult$inboundSchema._zod.def.in
  .pick({ id: true, created: true, model: true, object: true })
  .extend({ error: models.ChatStreamChunkError$inboundSchema });

class Report {
  constructor() {
    this.checks = 0;
    this.mismatches = [];
    this.tolerated = [];
  }

  /** Checks one value; `deviations` are issues this check expects, by exact path, each with why. */
  value(where, schema, value, { direction = "inbound", extras = RESPONSE_EXTRAS, deviations = [] } = {}) {
    this.checks++;
    const result = check(schema, value, { direction, extras });
    for (const found of result.issues) {
      const expected = deviations.find(deviation => deviation.path === found.path);
      if (expected) {
        expected.seen = true;
        this.tolerated.push({ path: found.path, why: `${found.problem}: ${expected.why}` });
      } else {
        this.mismatch(where, `${found.path} ${found.problem}`);
      }
    }
    for (const deviation of deviations) {
      if (!deviation.seen) {
        this.mismatch(where, `${deviation.path} was expected to deviate (${deviation.why}) but conforms: drop the deviation`);
      }
      delete deviation.seen;
    }
    this.tolerated.push(...result.tolerated);
    return result;
  }

  mismatch(where, problem) {
    this.mismatches.push(`${where}: ${problem}`);
  }

  print(what) {
    for (const line of this.mismatches) {
      console.log(`MISMATCH ${line}`);
    }
    const tolerated = new Map();
    for (const { path, why } of this.tolerated) {
      const line = `${normalise(path)} -- ${why}`;
      tolerated.set(line, (tolerated.get(line) ?? 0) + 1);
    }
    for (const [line, count] of tolerated) {
      console.log(`TOLERATED ${count}x ${line}`);
    }
    console.log(`${what} against @openrouter/sdk ${SDK_VERSION}: ${this.checks} checks, ${this.mismatches.length} mismatches, ${tolerated.size} kinds of tolerated difference`);
    return this.mismatches.length === 0 ? 0 : 1;
  }
}

// ---------------------------------------------------------------------------------------------
// sandbox

async function checkSandbox(baseUrl, key, removeKeys) {
  const report = new Report();
  const mutate = text => removeKeys.length === 0 ? text : mutateBody(text, removeKeys);
  const fetcher = async request => {
    const response = await fetch(request);
    if (removeKeys.length === 0) {
      return response;
    }
    const text = mutate(await response.text());
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const sdk = new OpenRouter({
    apiKey: key, serverURL: baseUrl, retryConfig: { strategy: "none" },
    httpClient: new HTTPClient({ fetcher }), appTitle: "Creor conformance",
  });
  const http = async (method, path, { body, script, auth = `Bearer ${key}`, raw } = {}) => {
    const headers = { "content-type": "application/json" };
    if (auth) {
      headers.authorization = auth;
    }
    if (script) {
      headers[SCRIPT_HEADER] = scriptHeader(script);
    }
    const response = await fetch(baseUrl + path, {
      method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: response.status, type: response.headers.get("content-type") ?? "", text: mutate(await response.text()) };
  };
  const user = text => [{ role: "system", content: "You are terse." }, { role: "user", content: text }];
  const tool = {
    type: "function",
    function: { name: "get_weather", description: "The weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
  };

  // The SDK's own client: it validates every answer and throws on a mismatch.
  await sdkCall(report, "SDK models.list", async () => {
    const pages = await sdk.models.list();
    let count = 0;
    for await (const page of pages) {
      count += page.result.data.length;
    }
    return count > 0 || "the model list is empty";
  });
  await sdkCall(report, "SDK apiKeys.getCurrentKeyMetadata", async () => (await sdk.apiKeys.getCurrentKeyMetadata()).data.label.length > 0);
  let generationId = null;
  await sdkCall(report, "SDK chat.send", async () => {
    const result = await sdk.chat.send({ chatRequest: { model: "openai/gpt-4o", messages: user("What is Creor?") } });
    generationId = result.id;
    return result.choices[0].message.content.length > 0;
  });
  await sdkCall(report, "SDK chat.send with tools", async () => {
    const result = await sdk.chat.send({ chatRequest: { model: "openai/gpt-4o-mini", messages: user("Weather in Zürich?"), tools: [tool] } },
      { headers: { [SCRIPT_HEADER]: scriptHeader({ toolCalls: [{ name: "get_weather", arguments: { city: "Zürich" } }] }) } });
    return result.choices[0].message.toolCalls?.[0]?.function.name === "get_weather" || "no tool call";
  });
  await sdkCall(report, "SDK chat.send with reasoning", async () => {
    const result = await sdk.chat.send({ chatRequest: { model: "anthropic/claude-sonnet-4", messages: user("Think first."), reasoning: { effort: "high" } } });
    return (result.choices[0].message.reasoning ?? "").length > 0 || "no reasoning";
  });
  for (const [name, script] of [["plain", undefined], ["tool calls", { toolCalls: [{ name: "get_weather", arguments: { city: "Zürich" } }] }],
    ["reasoning", { reasoning: "Let me think 🤔.", reply: "Done." }]]) {
    await sdkCall(report, `SDK chat.send streamed (${name})`, async () => {
      const stream = await sdk.chat.send({ chatRequest: { model: "openai/gpt-4o", messages: user("Stream, please."), stream: true, tools: name === "tool calls" ? [tool] : undefined } },
        script ? { headers: { [SCRIPT_HEADER]: scriptHeader(script) } } : undefined);
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        if (chunk.error) {
          return `chunk ${chunks} carries an error`;
        }
      }
      return chunks > 1 || "no chunks";
    });
  }
  await sdkCall(report, "SDK generations.getGeneration", async () => {
    if (generationId === null) {
      return "no generation to look up: chat.send failed";
    }
    return (await sdk.generations.getGeneration({ id: generationId })).data.id === generationId;
  });
  for (const status of [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 524, 529]) {
    await sdkCall(report, `SDK chat.send answered ${status}`, async () => {
      try {
        await sdk.chat.send({ chatRequest: { model: "openai/gpt-4o", messages: user("Fail, please.") } },
          { headers: { [SCRIPT_HEADER]: scriptHeader({ status }) } });
        return "no error was thrown";
      } catch (error) {
        return error instanceof errors[ERROR_CLASSES[status]] && error.error.code === status
          || `expected ${ERROR_CLASSES[status]}, got ${error.constructor.name}: ${error.message}`;
      }
    });
  }
  await sdkCall(report, "SDK with a wrong key", async () => {
    const stranger = new OpenRouter({ apiKey: "sk-or-v1-" + "0".repeat(64), serverURL: baseUrl, retryConfig: { strategy: "none" }, httpClient: new HTTPClient({ fetcher }) });
    try {
      await stranger.apiKeys.getCurrentKeyMetadata();
      return "no error was thrown";
    } catch (error) {
      return error instanceof errors.UnauthorizedResponseError || `expected UnauthorizedResponseError, got ${error.constructor.name}`;
    }
  });

  // Raw HTTP, every body and chunk checked key by key.
  const models200 = await http("GET", "/models", { auth: null });
  expectJson(report, "GET /models", models200, 200, operations.GetModelsResponse$inboundSchema._zod.def.in._zod.def.shape.Result);
  const filtered = await http("GET", "/models?supported_parameters=tools,reasoning", { auth: null });
  expectJson(report, "GET /models?supported_parameters=tools,reasoning", filtered, 200, models.ModelsListResponse$inboundSchema);
  for (const path of ["/key", "/auth/key"]) {
    expectJson(report, `GET ${path}`, await http("GET", path), 200, operations.GetCurrentKeyResponse$inboundSchema);
    expectError(report, `GET ${path} without a key`, await http("GET", path, { auth: null }), 401);
    expectError(report, `GET ${path} with a wrong key`, await http("GET", path, { auth: "Bearer sk-or-v1-wrong" }), 401);
  }

  const chats = [
    ["default reply", { model: "openai/gpt-4o", messages: user("What is Creor?") }],
    ["a variant", { model: "anthropic/claude-sonnet-4:nitro", messages: user("Hi") }],
    ["openrouter/auto", { model: "openrouter/auto", messages: user("Fix this Java bug") }],
    ["reasoning asked for", { model: "anthropic/claude-sonnet-4", messages: user("Think"), reasoning: { effort: "high" } }],
    ["reasoning excluded", { model: "openai/o3", messages: user("Think"), reasoning: { effort: "low", exclude: true } }],
    ["scripted reasoning", { model: "openai/gpt-4o", messages: user("Hi") }, { reasoning: "First, the user. 🤔", reply: "Hello" }],
    ["tool calls", { model: "openai/gpt-4o-mini", messages: user("Weather?"), tools: [tool] },
      { toolCalls: [{ name: "get_weather", arguments: { city: "Zürich" } }, { name: "get_weather", arguments: "{\"city\":\"Bern\"}" }] }],
    ["text chunks", { model: "openai/gpt-4o", messages: user("Hi") }, { chunks: 5 }],
    ["no chunks", { model: "openai/gpt-4o", messages: user("Hi") }, { chunks: 0 }],
    ["max_tokens", { model: "openai/gpt-4o", messages: user("Hi"), max_tokens: 3 }],
    ["stop", { model: "openai/gpt-4o", messages: user("Hi"), stop: ["Creor"] }],
    ["without finish reason", { model: "openai/gpt-4o", messages: user("Hi") }, { finishReason: false }],
    ["named provider", { model: "openai/gpt-4o", messages: user("Hi") }, { reply: "ok", providerName: "Azure" }],
    ["fallback models", { model: "openai/gpt-4o", models: ["openai/gpt-4o", "google/gemini-2.5-flash"], messages: user("Hi") },
      [{ status: 503 }, { reply: "from the fallback" }]],
    ["slow and split", { model: "openai/gpt-4o", messages: user("Hi") },
      { keepAlive: { comments: 2, everyMs: 1 }, dripEveryMs: 1, keepAliveBetweenChunksMs: 1, splitEvery: 7 }],
    ["split at offsets", { model: "openai/gpt-4o", messages: user("Voilà 🚀") }, { splitAt: [1, 57, 58, 59] }],
    ["signed reasoning and tool calls", { model: "google/gemini-3-pro-preview", messages: user("Weather?"), tools: [tool],
      reasoning: { effort: "low" } }, { toolCalls: [{ name: "get_weather", arguments: { city: "Zürich" } }] }],
    ["online citations", { model: "openai/gpt-4o:online", messages: user("What happened today?") }],
    ["prompt cache breakpoints", { model: "anthropic/claude-sonnet-4", messages: [
      { role: "system", content: [{ type: "text", text: "Project rules. ".repeat(50), cache_control: { type: "ephemeral" } }] },
      ...user("Hi")] }],
    ["an image", { model: "openai/gpt-4o", messages: [{ role: "user", content: [{ type: "text", text: "What is this?" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" } }] }] }],
    ["a tool-call history", {
      model: "openai/gpt-4o", messages: [...user("Weather?"),
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "Sunny" }], tools: [tool],
    }],
  ];
  let rawGenerationId = null;
  for (const [name, body, script] of chats) {
    const answer = await http("POST", "/chat/completions", { body: { ...body, stream: false }, script });
    rawGenerationId ??= answer.status === 200 ? JSON.parse(answer.text).id : null;
    expectJson(report, `POST /chat/completions (${name})`, answer, 200, models.ChatResult$inboundSchema);
    const stream = await http("POST", "/chat/completions", { body: { ...body, stream: true }, script });
    expectStream(report, `POST /chat/completions streamed (${name})`, stream, { usage: true });
  }
  const withoutUsage = await http("POST", "/chat/completions", { body: { ...chats[0][1], stream: true, stream_options: { include_usage: false } } });
  expectStream(report, "POST /chat/completions streamed (include_usage false)", withoutUsage, { usage: false });

  for (const status of [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 524, 529]) {
    for (const stream of [false, true]) {
      const answer = await http("POST", "/chat/completions", { body: { ...chats[0][1], stream }, script: { status, retryAfter: status === 429 ? 2 : undefined } });
      expectError(report, `POST /chat/completions${stream ? " streamed" : ""} scripted ${status}`, answer, status);
    }
  }
  const detailed = { status: 429, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", errorType: "rate_limit_exceeded", providerName: "Azure", message: "Slow down", raw: "{\"upstream\":true}" };
  expectError(report, "POST /chat/completions scripted 429 with every detail", await http("POST", "/chat/completions", { body: chats[0][1], script: detailed }), 429);
  expectError(report, "POST /chat/completions scripted 403 with reasons", await http("POST", "/chat/completions", { body: chats[0][1], script: { status: 403, reasons: ["violence", "hate"] } }), 403);
  expectError(report, "POST /chat/completions without a key", await http("POST", "/chat/completions", { body: chats[0][1], auth: null }), 401);
  expectError(report, "POST /chat/completions with a wrong key", await http("POST", "/chat/completions", { body: chats[0][1], auth: "Bearer sk-or-v1-wrong" }), 401);
  expectError(report, "POST /chat/completions of an unknown model", await http("POST", "/chat/completions", { body: { ...chats[0][1], model: "nobody/nothing" } }), 400);
  expectError(report, "POST /chat/completions with tools to a model without them", await http("POST", "/chat/completions",
    { body: { model: "meta-llama/llama-3.3-70b-instruct:free", messages: user("Hi"), tools: [tool] } }), 404);
  expectError(report, "POST /chat/completions over the model's context window", await http("POST", "/chat/completions",
    { body: { model: "microsoft/phi-4", messages: user("x".repeat(4 * 16384 + 4)) } }), 400);
  expectError(report, "POST /chat/completions with a body that is not JSON", await http("POST", "/chat/completions", { raw: "{not json" }), 400);
  expectError(report, "POST /chat/completions without messages", await http("POST", "/chat/completions", { body: { model: "openai/gpt-4o", messages: [] } }), 400);
  expectError(report, "POST /chat/completions with an invalid script header", await http("POST", "/chat/completions", { body: chats[0][1], script: { statsu: 500 } }), 400);

  const stringCode = { path: "error.code", why: "OpenRouter's streaming-errors documentation shows string codes such as \"server_error\"; the SDK's schema says integer" };
  const noChoices = { path: "choices", why: "OpenRouter can send an error chunk without choices (openrouter.md, known client traps); the SDK's schema requires them" };
  const inBand = [
    ["errorIn200 429", { errorIn200: { code: 429, message: "Rate limited upstream" } }, []],
    ["errorIn200 with details", { errorIn200: { code: 502, message: "Upstream failed" }, errorType: "provider_unavailable", providerName: "Azure", raw: "boom" }, []],
    ["errorIn200 string code", { errorIn200: { code: "server_error", message: "Upstream failed" } }, [stringCode]],
    ["midStreamError 502", { chunks: 5, midStreamError: { afterChunks: 2, code: 502 } }, []],
    ["midStreamError server_error", { chunks: 5, midStreamError: { afterChunks: 2, code: "server_error" } }, [stringCode]],
    ["midStreamError without choices", { chunks: 5, midStreamError: { afterChunks: 2, code: 502, choices: false } }, [noChoices]],
  ];
  for (const [name, script, deviations] of inBand) {
    const answer = await http("POST", "/chat/completions", { body: { ...chats[0][1], stream: false }, script });
    expectJson(report, `POST /chat/completions (${name})`, answer, 200, ERROR_IN_200,
      deviations.filter(deviation => deviation.path !== "choices"));
    const stream = await http("POST", "/chat/completions", { body: { ...chats[0][1], stream: true }, script });
    expectStream(report, `POST /chat/completions streamed (${name})`, stream, { usage: false, deviations, errorChunk: true });
  }

  const generation = await http("GET", `/generation?id=${encodeURIComponent(rawGenerationId ?? "gen-none")}`);
  expectJson(report, "GET /generation", generation, 200, models.GenerationResponse$inboundSchema);
  const streamed = await http("POST", "/chat/completions", { body: { ...chats[0][1], stream: true } });
  const streamedId = JSON.parse(dataEvents(streamed.text)[0]).id;
  expectJson(report, "GET /generation of a stream", await http("GET", `/generation?id=${streamedId}`), 200, models.GenerationResponse$inboundSchema);
  expectError(report, "GET /generation without an id", await http("GET", "/generation"), 400);
  expectError(report, "GET /generation of an unknown id", await http("GET", "/generation?id=gen-0-unknown"), 404);
  expectError(report, "GET /generation without a key", await http("GET", `/generation?id=${rawGenerationId}`, { auth: null }), 401);

  return report.print("sandbox");
}

/** A script as a header value: JSON with everything beyond ASCII escaped, since header values are bytes. */
function scriptHeader(script) {
  return JSON.stringify(script).replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

async function sdkCall(report, where, call) {
  report.checks++;
  try {
    const outcome = await call();
    if (outcome !== true) {
      report.mismatch(where, String(outcome));
    }
  } catch (error) {
    report.mismatch(where, describeError(error));
  }
}

function describeError(error) {
  const issues = error.cause?.issues ?? error.issues;
  if (issues) {
    const message = error.issues ? "" : `: ${error.message}`;
    return `${error.constructor.name}${message}: ${issues.slice(0, 8).map(found => `${found.path.join(".")} ${found.message}`).join("; ")}`;
  }
  return `${error.constructor.name}: ${error.message}${error.cause ? ` (${error.cause})` : ""}`;
}

function expectJson(report, where, answer, status, schema, deviations = []) {
  if (answer.status !== status || !answer.type.startsWith("application/json")) {
    report.checks++;
    report.mismatch(where, `expected HTTP ${status} application/json, got ${answer.status} ${answer.type}: ${answer.text.slice(0, 200)}`);
    return;
  }
  const body = parseJson(report, where, answer.text);
  if (body !== undefined) {
    report.value(where, schema, body, { deviations });
  }
}

function expectError(report, where, answer, status) {
  const errorClass = errors[ERROR_CLASSES[status]];
  const schema = errorClass.$inboundSchema ?? errors[`${ERROR_CLASSES[status]}$inboundSchema`];
  const shape = schema._zod.def.in.omit({ request$: true, response$: true, body$: true });
  expectJson(report, where, answer, status, shape);
  const body = answer.status === status ? JSON.parse(answer.text) : null;
  if (body && body.error && body.error.code !== status) {
    report.mismatch(where, `error.code is ${JSON.stringify(body.error.code)}, not the HTTP status ${status}`);
  }
}

function expectStream(report, where, answer, { usage, deviations = [], errorChunk = false }) {
  if (answer.status !== 200 || !answer.type.startsWith("text/event-stream")) {
    report.checks++;
    report.mismatch(where, `expected HTTP 200 text/event-stream, got ${answer.status} ${answer.type}: ${answer.text.slice(0, 200)}`);
    return;
  }
  const events = dataEvents(answer.text);
  if (events.at(-1) !== "[DONE]") {
    report.mismatch(where, "the stream does not end with data: [DONE]");
  }
  const chunks = events.filter(event => event !== "[DONE]");
  let sawUsage = false;
  let sawError = false;
  chunks.forEach((event, index) => {
    const chunk = parseJson(report, `${where} chunk ${index}`, event);
    if (chunk === undefined) {
      return;
    }
    sawUsage ||= chunk.usage !== undefined;
    sawError ||= chunk.error !== undefined;
    report.value(`${where} chunk ${index}`, models.ChatStreamChunk$inboundSchema, chunk,
      { deviations: chunk.error !== undefined ? deviations.map(deviation => ({ ...deviation })) : [] });
  });
  if (usage !== sawUsage) {
    report.mismatch(where, usage ? "no chunk carries usage" : "a chunk carries usage");
  }
  if (errorChunk !== sawError) {
    report.mismatch(where, errorChunk ? "no chunk carries an error" : "a chunk carries an error");
  }
}

/** The data of each SSE event, comment lines skipped. */
function dataEvents(text) {
  return text.split(/\n\n/).map(event => event.split("\n").filter(line => line.startsWith("data:"))
    .map(line => line.slice(5).replace(/^ /, "")).join("\n")).filter(data => data !== "");
}

function parseJson(report, where, text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    report.checks++;
    report.mismatch(where, `not JSON (${error.message}): ${text.slice(0, 120)}`);
    return undefined;
  }
}

/** Deletes every key NAME from a JSON body or from each JSON chunk of an SSE body. */
function mutateBody(text, removeKeys) {
  const strip = value => {
    if (Array.isArray(value)) {
      value.forEach(strip);
    } else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        if (removeKeys.includes(key)) {
          delete value[key];
        } else {
          strip(value[key]);
        }
      }
    }
    return value;
  };
  try {
    return JSON.stringify(strip(JSON.parse(text)));
  } catch {
    return text.split("\n").map(line => {
      if (!line.startsWith("data: ") || line === "data: [DONE]") {
        return line;
      }
      try {
        return `data: ${JSON.stringify(strip(JSON.parse(line.slice(6))))}`;
      } catch {
        return line;
      }
    }).join("\n");
  }
}

// ---------------------------------------------------------------------------------------------
// requests

function checkRequests(file) {
  const report = new Report();
  const requests = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new UsageError(`${file} holds no requests`);
  }
  for (const { name, body, tolerate = [] } of requests) {
    report.value(`request (${name})`, models.ChatRequest$outboundSchema, body,
      { direction: "outbound", extras: [], deviations: tolerate.map(deviation => ({ ...deviation })) });
  }
  return report.print("adapter requests");
}

// ---------------------------------------------------------------------------------------------
// fixtures

function checkFixtures(dir) {
  const report = new Report();
  const files = readdirSync(dir).filter(name => name.endsWith(".json")).sort();
  if (files.length === 0) {
    throw new UsageError(`${dir} holds no fixtures`);
  }
  const seen = new Map();
  for (const file of files) {
    const fixture = JSON.parse(readFileSync(joinPath(dir, file), "utf8"));
    const schema = fixtureSchema(fixture.schema);
    if (!schema) {
      throw new UsageError(`${file}: "schema" must name a response schema of the SDK; got ${JSON.stringify(fixture.schema)}`);
    }
    const result = report.value(file, schema, fixture.body);
    const covered = seen.get(fixture.schema) ?? new Set();
    result.covered.forEach(path => covered.add(path));
    seen.set(fixture.schema, covered);
  }
  for (const [name, covered] of seen) {
    const missing = [...fieldPaths(fixtureSchema(name))].filter(path => !covered.has(path)).sort();
    for (const path of missing) {
      report.mismatch(`fixtures for ${name}`, `${path} is a field of the schema that no fixture contains`);
    }
  }
  return report.print("adapter fixtures");
}

function fixtureSchema(name) {
  switch (name) {
    case "ModelsListResponse": return models.ModelsListResponse$inboundSchema;
    case "ChatResult": return models.ChatResult$inboundSchema;
    case "ChatStreamChunk": return models.ChatStreamChunk$inboundSchema;
    case "GetCurrentKeyResponse": return operations.GetCurrentKeyResponse$inboundSchema;
    case "GenerationResponse": return models.GenerationResponse$inboundSchema;
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------

class UsageError extends Error {
}

async function main(args) {
  const [command, ...rest] = args;
  if (command === "sandbox" && rest.length >= 2) {
    const [baseUrl, key, ...options] = rest;
    const removeKeys = [];
    for (let i = 0; i < options.length; i += 2) {
      if (options[i] !== "--remove-key" || !options[i + 1]) {
        throw new UsageError(`unknown option ${options[i]}`);
      }
      removeKeys.push(options[i + 1]);
    }
    return checkSandbox(baseUrl.replace(/\/+$/, ""), key, removeKeys);
  }
  if (command === "requests" && rest.length === 1) {
    return checkRequests(rest[0]);
  }
  if (command === "skeleton" && rest.length === 1 && fixtureSchema(rest[0])) {
    console.log(JSON.stringify({ schema: rest[0], body: example(fixtureSchema(rest[0])) }, null, 2));
    return 0;
  }
  if (command === "fixtures" && rest.length === 1) {
    return checkFixtures(rest[0]);
  }
  throw new UsageError("usage: node conformance.mjs sandbox BASE_URL KEY [--remove-key NAME]... | requests FILE | fixtures DIR | skeleton SCHEMA");
}

main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
}, error => {
  console.error(error instanceof UsageError ? error.message : error.stack);
  process.exitCode = 2;
});
