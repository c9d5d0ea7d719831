// title: Authenticate with your Helicone API key
import OpenAI from "openai";

// The Helicone key is the SDK's apiKey; the base URL points the SDK at the gateway.
const client = new OpenAI({
  baseURL: process.env.HELICONE_BASE_URL ?? "https://ai-gateway.helicone.ai/v1",
  apiKey: process.env.HELICONE_API_KEY, // export HELICONE_API_KEY="sk-helicone-..."
});

try {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "ping" }],
    max_tokens: 5,
  });
  console.log("authenticated:", completion.object);
} catch (e) {
  if (!(e instanceof OpenAI.AuthenticationError)) throw e;
  console.log("authentication failed:", e.code); // 401: missing, invalid or revoked key
}
