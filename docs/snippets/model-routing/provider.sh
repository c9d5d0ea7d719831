# title: Pin a provider with model/provider
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# "claude-sonnet-4/anthropic": model first, then provider. A bare "claude-sonnet-4" lets the gateway pick the provider.
curl "$BASE_URL/chat/completions" \
  -H "Authorization: Bearer $HELICONE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
    "model": "claude-sonnet-4/anthropic",
    "messages": [{"role": "user", "content": "Say hello in one sentence."}]
  }'
