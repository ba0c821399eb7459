// The help text: what each command does and takes.
export const HELP = `lmstudio-provider: talk to LM Studio's local server from the command line

Usage:
  lmstudio-provider chat                            a conversation (on a terminal; /help inside lists commands)
  lmstudio-provider chat "prompt" [options]         one answer, streamed (prompt from stdin when piped)
      -m, --model ID        model to use (default: a loaded chat model)
      -s, --system TEXT     system prompt
      --max-tokens N        --temperature T (0 to 2)
      --no-reasoning        hide the model's reasoning (shown dimmed on stderr otherwise)
      --tools               offer built-in tools (clock, arithmetic) and run them, round by round
      --json-schema FILE    ask for JSON following the schema in FILE; print the validated value
      --image FILE|URL      show the model an image (PNG or JPEG; repeatable; needs a vision model)
      -i, --interactive     a conversation even when stdin is not a terminal (one message per line)
      --json                print one JSON object with the result instead of streaming
  lmstudio-provider models [--json]                 list models (id, type, loaded, context, tool use, vision)
  lmstudio-provider models download <id> [--quantization Q]   download with a progress bar (LM Studio 0.4+)
  lmstudio-provider models load <id> [--context-length N]
  lmstudio-provider models unload <instance>
  lmstudio-provider doctor [--json]                 check the address, auth, CORS, APIs and loaded models
  lmstudio-provider emulator [--port N] [--host 127.0.0.1] [--cors] [--require-token TOKEN]
                                                    run the built-in LM Studio emulator
  lmstudio-provider demo                            list models, stream a chat and run a tool round trip
                                                    (uses the emulator when LM Studio is not running)
Global options:
  --base-url URL               LM Studio's address (env LMSTUDIO_BASE_URL; default http://localhost:1234)
  --api-key TOKEN              API token when LM Studio requires one (env LM_API_TOKEN)
  --timeout S                  limit for a whole answer, in seconds (default 600; "off" for none)
  --first-token-timeout S      wait for the first token (default 120; covers a just-in-time model load)
  --idle-timeout S             longest silence inside an answer (default 60)
  -h, --help                   this help          -v, --version    the version
--json: stdout gets one JSON object, {"ok": true, "command": …, …} or {"ok": false, "error": {code, message, hint}}.
Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.
`;
