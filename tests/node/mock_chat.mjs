// Chat completions through the official openai npm SDK (v6) against the mock gateway.
// Usage: node mock_chat.mjs BASE_URL  -> prints one JSON object with what the Python test asserts.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "sk-test", maxRetries: 0 });
const messages = [{ role: "user", content: "Say hello in one sentence." }];
const weather = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
const out = {};

const created = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
out.created = { text: created.choices[0].message.content, requestId: created._request_id, usage: created.usage };

let raw = "";
let chunks = 0;
for await (const chunk of await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true })) {
  chunks += 1;
  raw += chunk.choices[0]?.delta?.content ?? "";
}
out.raw = { text: raw, chunks };

const deltas = [];
const runner = client.chat.completions.stream({ model: "gpt-4o-mini", messages });
runner.on("content.delta", (e) => deltas.push(e.delta));
const final = await runner.finalChatCompletion();
out.helper = { text: final.choices[0].message.content, deltas: deltas.join(""), finish: final.choices[0].finish_reason };

const toolRunner = client.chat.completions.stream({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "get_weather in Paris" }],
  tools: [weather],
});
const toolFinal = await toolRunner.finalChatCompletion();
const call = toolFinal.choices[0].message.tool_calls[0];
out.tool = { name: call.function.name, args: JSON.parse(call.function.arguments), finish: toolFinal.choices[0].finish_reason };

try {
  await client.chat.completions.create({ model: "gpt-9-turbo", messages });
} catch (e) {
  out.notFound = { cls: e.constructor.name, status: e.status, code: e.code, requestID: e.requestID };
}
try {
  const s = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true },
    { headers: { "x-mock-fault": "stream-error" } });
  for await (const _ of s) { /* drain */ }
} catch (e) {
  out.midStream = { cls: e.constructor.name, message: e.message };
}
const retrying = new OpenAI({ baseURL: process.argv[2], apiKey: "sk-test", maxRetries: 2 });
const retried = await retrying.chat.completions
  .create({ model: "gpt-4o-mini", messages }, { headers: { "x-mock-fault": "429", "x-mock-fault-count": "2" } })
  .withResponse();
out.retried = { text: retried.data.choices[0].message.content };
console.log(JSON.stringify(out));
