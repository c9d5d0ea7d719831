# title: List the models the gateway routes
BASE_URL="${HELICONE_BASE_URL:-https://ai-gateway.helicone.ai/v1}"

# The model list is public: no API key needed.
curl "$BASE_URL/models"
