// title: Retry rate limits automatically
import OpenAI from "openai";

let attempt = 0;
// The SDK retries 408, 409, 429, 5xx and connection errors with exponential backoff (honouring retry-after);
// maxRetries is the number of extra attempts (default 2). The fetch wrapper only logs each attempt.
const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
  maxRetries: 3,
  fetch: async (url, init) => {
    const response = await fetch(url, init);
    console.log(`attempt ${++attempt}: HTTP ${response.status}`);
    return response;
  },
});

const completion = await client.chat.completions.create({
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Say hello in one sentence." }],
});
console.log(completion.choices[0].message.content);
