// title: Pin a provider with model/provider
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

// "claude-sonnet-4/anthropic": model first, then provider. A bare "claude-sonnet-4" lets the gateway pick the provider.
const completion = await client.chat.completions.create({
  model: "claude-sonnet-4/anthropic",
  messages: [{ role: "user", content: "Say hello in one sentence." }],
});
console.log("served by:", completion.model);
console.log(completion.choices[0].message.content);
