// The Responses API and models list through the official openai npm SDK (v6) against the mock gateway.
// Usage: node mock_responses.mjs BASE_URL  -> prints one JSON object with what the Python test asserts.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "sk-test", maxRetries: 0 });
const out = {};
const input = "Say hello in one sentence.";

const created = await client.responses.create({ model: "gpt-5", input });
out.created = { id: created.id, text: created.output_text, status: created.status, usage: created.usage };

const seq = [];
for await (const ev of await client.responses.create({ model: "gpt-5", input, stream: true })) seq.push(ev.sequence_number);
out.raw = { seq };

const deltas = [];
const stream = client.responses.stream({ model: "gpt-5", input });
stream.on("response.output_text.delta", (e) => deltas.push(e.delta));
const final = await stream.finalResponse();
out.helper = { id: final.id, text: final.output_text, deltas: deltas.join(""), status: final.status };

const tool = { type: "function", name: "get_weather", strict: true,
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } };
const fc = await client.responses.stream({ model: "gpt-4o-mini", input: "get_weather for Oslo", tools: [tool],
  reasoning: { effort: "low", summary: "auto" } }).finalResponse();
out.tool = { types: fc.output.map((o) => o.type), args: JSON.parse(fc.output.at(-1).arguments) };

const models = [];
for await (const m of client.models.list()) models.push(m.id);
out.models = models;
console.log(JSON.stringify(out));
