// title: Fall back to other models
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

// A comma-separated list is tried left to right: when an attempt fails (429, 5xx, timeouts...), the next one is used.
const completion = await client.chat.completions.create({
  model: "gpt-4o-mini/openai,claude-sonnet-4/anthropic,gemini-2.5-flash",
  messages: [{ role: "user", content: "Say hello in one sentence." }],
});
console.log("served by:", completion.model);
console.log(completion.choices[0].message.content);
