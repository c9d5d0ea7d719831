# title: Stream a chat completion (server-sent events)
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# -N turns off curl's buffering so each `data: {...}` event prints as it arrives; the stream ends with `data: [DONE]`.
curl -N "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Write a haiku about gateways."}],
    "stream": true,
    "stream_options": {"include_usage": true}
  }'
