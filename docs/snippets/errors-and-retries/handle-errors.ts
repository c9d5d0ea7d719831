// title: Handle gateway errors
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY,
});

try {
  await client.chat.completions.create({
    model: "no-such-model", // not in GET /v1/models, so the gateway refuses the request
    messages: [{ role: "user", content: "Say hello in one sentence." }],
  });
} catch (e) {
  if (e instanceof OpenAI.RateLimitError) {
    // 429, thrown after the SDK's own retries ran out
    console.log("rate limited; retry later:", e.status);
  } else if (e instanceof OpenAI.APIConnectionError) {
    // network failure or timeout, also after retries
    console.log("could not reach the gateway:", e.message);
  } else if (e instanceof OpenAI.APIError) {
    // any other 4xx/5xx: BadRequestError, AuthenticationError, NotFoundError, ...
    console.log(`${e.constructor.name}: HTTP ${e.status}, code=${JSON.stringify(e.code)}`);
    console.log("request id:", e.requestID ? "set" : "missing"); // quote x-request-id when you report a problem
  } else {
    throw e;
  }
}
