/// The repository's top-level `config.ini`, compiled in as troupe's defaults.
///
/// Keep the two identical: `DefaultConfigTests` compares this text with the file byte for byte.
/// (Embedded as a literal rather than a bundle resource so the binary needs no resource
/// bundle next to it and start-up reads no file.)
public enum DefaultConfigFile {
    /// The text of `config.ini`.
    public static let text = """
# troupe configuration: TinyTroupe's [OpenAI] keys.
#
# This file is compiled into troupe as its defaults. Settings are looked up in this order,
# later ones winning: these built-in defaults, ~/.config/troupe/config.ini, ./config.ini,
# --config FILE, the environment, command-line flags (and /set in the shell).
#
# Keys are case-insensitive; "KEY = value" and "KEY: value" both work; lines starting with
# '#' or ';' are comments; booleans are true/false, yes/no, on/off or 1/0; an empty value
# or "none" leaves an optional setting unset (it is then not sent to the API).
#
# Keys and endpoints are read from the environment only, never from this file:
#   OPENAI_API_KEY, OPENAI_BASE_URL (overrides BASE_URL),
#   AZURE_OPENAI_KEY or AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_AD_TOKEN,
#   OPENAI_API_VERSION (overrides AZURE_API_VERSION).

[OpenAI]

#
# Service
#

# Which client serves requests: openai or azure (or a custom registered client).
API_TYPE=openai

# Azure OpenAI API version; see
# https://learn.microsoft.com/en-us/azure/ai-foundry/openai/api-version-lifecycle
AZURE_API_VERSION=2024-12-01-preview

# An OpenAI-compatible server (e.g. a local one such as http://127.0.0.1:8080/v1).
# Empty means the official https://api.openai.com/v1.
BASE_URL=

#
# Models (on Azure, these are deployment names)
#

# The main chat model.
MODEL=gpt-4.1-mini

# The model used when careful reasoning is wanted.
REASONING_MODEL=o3-mini

# The model used for embeddings.
EMBEDDING_MODEL=text-embedding-3-small

#
# Model parameters
#

# Reply length limit for ordinary models (max_tokens).
MAX_TOKENS=16000

# Reply length limit for reasoning models (o1, o3, o4, gpt-5 families); it includes the
# reasoning tokens. Sent as max_completion_tokens instead of MAX_TOKENS.
MAX_COMPLETION_TOKENS=32000

# Sampling: TEMPERATURE 0 to 2, TOP_P 0 to 1, penalties -2 to 2. Reasoning models reject
# these, so they are not sent to them.
TEMPERATURE=1.0
TOP_P=1.0
FREQ_PENALTY=0.0
PRESENCE_PENALTY=0.0

# For reasoning models: none, minimal, low, medium, high (newer models: xhigh, max).
REASONING_EFFORT=high

#
# Requests and retries
#

# Seconds to wait for a whole response.
TIMEOUT=480

# Tries per request, the first one included (TinyTroupe's seed defaulted to 0: no try at all).
MAX_ATTEMPTS=5

# Seconds before the first retry; each later retry waits EXPONENTIAL_BACKOFF_FACTOR times
# longer (with jitter). A server's Retry-After wins when it asks for 120 s or less.
WAITING_TIME=1
EXPONENTIAL_BACKOFF_FACTOR=5

# Model calls in flight at once across the whole program. 0 or none: no limit.
MAX_CONCURRENT_MODEL_CALLS=4

#
# Cache
#

# Keep answers in an SQLite file and answer repeated requests from it (no request made).
CACHE_API_CALLS=False

# The cache file; a relative path is taken from the current directory.
CACHE_FILE_NAME=troupe_api_cache.sqlite

#
# Templates
#

# Extra directories searched for prompt templates, separated by ':'. Empty: none.
TEMPLATES_DIR=

"""
}
