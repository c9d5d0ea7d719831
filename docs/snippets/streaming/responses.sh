# title: Stream a response (server-sent events)
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# Each event is an `event: <type>` line and a `data: {...}` line; the last one is `response.completed`.
curl -N "$BASE_URL/responses" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini",
    "input": "Write a haiku about gateways.",
    "stream": true
  }'
