// title: Tool calling: the full round trip
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather for a city.",
      parameters: {
        type: "object",
        properties: { city: { type: "string", description: "City name, e.g. Paris" } },
        required: ["city"],
        additionalProperties: false,
      },
    },
  },
];

function getWeather({ city }: { city: string }) {
  return { city, temperature_c: 21, conditions: "sunny" }; // call your real weather API here
}

const messages: ChatCompletionMessageParam[] = [
  { role: "user", content: "What is the weather in Paris? Use get_weather." },
];

// 1. The model asks for a tool call instead of answering.
const first = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools });
const message = first.choices[0].message;
console.log("finish_reason:", first.choices[0].finish_reason);
messages.push(message);

// 2. Run each requested call and send its result back as a `tool` message with the same id.
for (const call of message.tool_calls ?? []) {
  if (call.type !== "function") continue;
  const args = JSON.parse(call.function.arguments); // arguments is a JSON string
  console.log(`tool call: ${call.function.name}(${JSON.stringify(args)})`);
  const result = getWeather(args);
  messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify(result) });
}

// 3. The model answers using the tool's result.
const final = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools });
console.log("finish_reason:", final.choices[0].finish_reason);
console.log(final.choices[0].message.content);
