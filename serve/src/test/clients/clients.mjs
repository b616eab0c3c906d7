// Drives `creor serve` with real clients that no one here wrote: the official `openai` package and
// Vercel's AI SDK (`ai` + `@ai-sdk/openai-compatible`). Run by RealClientsTest:
//
//   node clients.mjs SCENARIO BASE_URL TOKEN MODEL
//
// Each scenario prints one JSON line on standard output saying what the client saw, and exits 0; a
// client that throws where it should not exits 1 with the error on standard error.
import OpenAI from "openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from "ai";

const [scenario, baseURL, token, model] = process.argv.slice(2);
if (!scenario || !baseURL || !token || !model) {
  console.error("usage: node clients.mjs SCENARIO BASE_URL TOKEN MODEL");
  process.exit(2);
}

const openai = (apiKey = token) => new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const aiProvider = (apiKey = token) =>
  createOpenAICompatible({ name: "creor", baseURL, apiKey, includeUsage: true, supportsStructuredOutputs: true });

const weatherSchema = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
};

function print(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}

async function expectFailure(call) {
  try {
    await call();
  } catch (error) {
    return {
      failed: true,
      name: error?.constructor?.name,
      status: error?.status ?? error?.statusCode ?? error?.lastError?.statusCode,
      message: String(error?.message ?? error),
      responseBody: error?.responseBody ?? error?.lastError?.responseBody,
    };
  }
  return { failed: false };
}

const scenarios = {
  async "openai-list"() {
    const page = await openai().models.list();
    const ids = [];
    for await (const entry of page) ids.push(entry.id);
    print({ ids });
  },

  async "openai-chat"() {
    const answer = await openai().chat.completions.create({
      model,
      messages: [{ role: "user", content: "Say hello" }],
      temperature: 0.2,
    });
    print({
      content: answer.choices[0].message.content,
      finish: answer.choices[0].finish_reason,
      model: answer.model,
      usage: answer.usage,
      route: answer.creor?.route,
    });
  },

  async "openai-stream"() {
    const stream = await openai().chat.completions.create({
      model,
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let chunks = 0;
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    print({ text, chunks, finish, usage });
  },

  async "openai-tools"() {
    const client = openai();
    const tools = [{ type: "function", function: { name: "get_weather", description: "The weather in a city",
      parameters: weatherSchema } }];
    const messages = [{ role: "user", content: "What is the weather in Paris?" }];
    const first = await client.chat.completions.create({ model, messages, tools });
    const call = first.choices[0].message.tool_calls?.[0];
    messages.push(first.choices[0].message);
    messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify({ sky: "sunny" }) });
    const second = await client.chat.completions.create({ model, messages, tools });
    print({
      firstFinish: first.choices[0].finish_reason,
      call: { id: call.id, name: call.function.name, arguments: call.function.arguments },
      answer: second.choices[0].message.content,
    });
  },

  // The request options beyond sampling, as the SDK sends them: a named tool choice with parallel
  // tool calls off, then a JSON-schema response format. RealClientsTest reads the wire the
  // sandbox captured.
  async "openai-options"() {
    const client = openai();
    const tools = [{ type: "function", function: { name: "get_weather", description: "The weather in a city",
      parameters: weatherSchema } }];
    const first = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "What is the weather in Paris?" }],
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
    });
    const second = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Where is it sunny?" }],
      response_format: { type: "json_schema", json_schema: { name: "weather", schema: weatherSchema, strict: true } },
    });
    print({
      call: first.choices[0].message.tool_calls?.[0]?.function?.name,
      json: JSON.parse(second.choices[0].message.content),
    });
  },

  async "openai-abort"() {
    const stream = await openai().chat.completions.create({
      model,
      messages: [{ role: "user", content: "Write a long story" }],
      stream: true,
    });
    let text = "";
    const outcome = await expectFailure(async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? "";
        if (text.length > 0) stream.controller.abort();
      }
    });
    print({ aborted: stream.controller.signal.aborted, text, ...outcome });
  },

  async "openai-midstream-error"() {
    let text = "";
    const outcome = await expectFailure(async () => {
      const stream = await openai().chat.completions.create({
        model,
        messages: [{ role: "user", content: "Say hello" }],
        stream: true,
      });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    });
    print({ text, ...outcome });
  },

  async "openai-wrong-token"() {
    print(await expectFailure(() => openai("wrong-token-0000000000000000").models.list()));
  },

  async "openai-unknown-model"() {
    print(await expectFailure(() => openai().chat.completions.create({
      model, messages: [{ role: "user", content: "Say hello" }] })));
  },

  async "ai-generate"() {
    const result = await generateText({ model: aiProvider()(model), prompt: "Say hello", maxRetries: 0 });
    print({ text: result.text, finishReason: result.finishReason, usage: result.usage,
      modelId: result.response?.modelId });
  },

  async "ai-stream"() {
    const result = streamText({ model: aiProvider()(model), prompt: "Say hello", maxRetries: 0,
      onError: () => {} });
    let text = "";
    let deltas = 0;
    for await (const delta of result.textStream) {
      deltas++;
      text += delta;
    }
    print({ text, deltas, finishReason: await result.finishReason, usage: await result.usage });
  },

  async "ai-tools"() {
    const calls = [];
    const result = await generateText({
      model: aiProvider()(model),
      prompt: "What is the weather in Paris?",
      maxRetries: 0,
      tools: {
        get_weather: tool({
          description: "The weather in a city",
          inputSchema: jsonSchema(weatherSchema),
          execute: async (input) => {
            calls.push(input);
            return { sky: "sunny" };
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    print({ text: result.text, steps: result.steps.length, calls, finishReason: result.finishReason });
  },

  // The AI SDK's forms of the same options: toolChoice naming a tool, parallel_tool_calls as a
  // provider option (passed into the body as written), and a structured output, which this
  // provider (supportsStructuredOutputs) sends as a json_schema response format.
  async "ai-options"() {
    const first = await generateText({
      model: aiProvider()(model),
      prompt: "What is the weather in Paris?",
      maxRetries: 0,
      tools: { get_weather: tool({ description: "The weather in a city", inputSchema: jsonSchema(weatherSchema) }) },
      toolChoice: { type: "tool", toolName: "get_weather" },
      providerOptions: { creor: { parallel_tool_calls: false } },
    });
    const second = await generateText({
      model: aiProvider()(model),
      prompt: "Where is it sunny?",
      maxRetries: 0,
      output: Output.object({ schema: jsonSchema(weatherSchema), name: "weather" }),
    });
    print({ call: first.toolCalls[0]?.toolName, json: second.output });
  },

  async "ai-abort"() {
    const controller = new AbortController();
    const result = streamText({ model: aiProvider()(model), prompt: "Write a long story", maxRetries: 0,
      abortSignal: controller.signal, onError: () => {} });
    let text = "";
    const outcome = await expectFailure(async () => {
      for await (const delta of result.textStream) {
        text += delta;
        if (text.length > 0) controller.abort();
      }
    });
    print({ aborted: controller.signal.aborted, text, ...outcome });
  },

  async "ai-wrong-token"() {
    print(await expectFailure(() => generateText({ model: aiProvider("wrong-token-0000000000000000")(model),
      prompt: "Say hello", maxRetries: 0 })));
  },

  async "ai-unknown-model"() {
    print(await expectFailure(() => generateText({ model: aiProvider()(model), prompt: "Say hello", maxRetries: 0 })));
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; known: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
try {
  await run();
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
