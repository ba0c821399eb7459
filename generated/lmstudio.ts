// Generated from openapi/lmstudio.yaml by scripts/generate.ts. Do not edit: run `npm run generate`.
/* eslint-disable */
export interface paths {
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every downloaded model (JIT loading on) or every loaded model (JIT off).
         * @description Embedding models are mixed in and nothing says which is which. There is no `GET /v1/models/{id}`.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Chat completion, streamed (`stream: true`) or not. */
        post: operations["createChatCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raw text completion. */
        post: operations["createCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Embeddings from an embedding model. */
        post: operations["createEmbedding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's Responses API (0.3.29+): stateful (`previous_response_id`), streamed (`stream: true`) or not.
         * @description Tools of type `function` and `mcp` only; any other type is a 400 (`invalid_union_discriminator` in 0.3.39,
         *     `invalid_string` in 0.4.11). `text.format` is accepted but not enforced (free text comes back, through
         *     0.4.23); `text: {}` without `format` is a 400 `missing_required_parameter`. An `input_image` must be a
         *     base64 `data:` URL: http(s) URLs are not fetched. An unknown `previous_response_id` fails with
         *     `previous_response_not_found`.
         */
        post: operations["createResponse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v0/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Models with type, state and context lengths (LM Studio 0.3.6+). */
        get: operations["listModelsV0"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v0/models/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One model's metadata (LM Studio 0.3.6+). */
        get: operations["getModelV0"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v0/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The OpenAI-compatible chat completion plus `stats`, `model_info` and `runtime` (LM Studio 0.3.6+).
         * @description Takes the `/v1/chat/completions` request; the answer adds generation statistics, the loaded model's
         *     architecture, quantization and loaded context length, and the inference runtime. With speculative decoding
         *     (0.4.23+) `usage` also counts draft tokens.
         */
        post: operations["createChatCompletionV0"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v0/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The OpenAI-compatible text completion plus `stats`, `model_info` and `runtime` (LM Studio 0.3.6+). */
        post: operations["createCompletionV0"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Models with loaded instances and capabilities (LM Studio 0.4.0+). */
        get: operations["listModelsV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/load": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Load a model into memory (LM Studio 0.4.0+). */
        post: operations["loadModelV1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/unload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unload a loaded model instance (LM Studio 0.4.0+). */
        post: operations["unloadModelV1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * LM Studio's own chat (0.4.0+): MCP integrations, stored responses, load and prompt-processing progress.
         * @description No client-side tools, no assistant messages in `input`, no structured output (use `/v1/chat/completions`).
         *     With `stream: true` the answer is named events (`event: <type>` + `data: <NativeChatStreamEvent>`), from
         *     `chat.start` to `chat.end` (which carries the whole result); it is the only HTTP surface that reports
         *     model-load and prompt-processing progress.
         */
        post: operations["nativeChatV1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start downloading a model (LM Studio 0.4.0+); progress is by polling the job's status. */
        post: operations["downloadModelV1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/download/status/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One download job's progress (LM Studio 0.4.0+). */
        get: operations["downloadStatusV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description OpenAI-style error object; LM Studio sends `type`, `param` and `code` as null or omits them. */
        ErrorObject: {
            message: string;
            type?: string | null;
            param?: string | null;
            /** @description Seen `model_not_found`, `invalid_value`, `invalid_api_key`, `missing_required_parameter`. */
            code?: string | null;
        };
        /**
         * @description `error` is a plain string (most 400s, and the HTTP 200 "Unexpected endpoint or method" reply) or an object
         *     (unknown model, invalid values, auth in 0.4.0+, "No models loaded" in 0.4.24).
         */
        ErrorBody: {
            error: string | components["schemas"]["ErrorObject"];
        };
        /** @description Data of an `event: error` inside a chat stream (context overflow seen in 0.4.21); no `[DONE]` follows. */
        StreamErrorEvent: {
            error: string | components["schemas"]["ErrorObject"];
            message?: string;
        };
        Model: {
            /** @description `publisher/name`, a bare legacy name, `name@quant`, or `name:2` for a second instance. */
            id: string;
            /** @constant */
            object?: "model";
            owned_by?: string;
        };
        ModelList: {
            data: components["schemas"]["Model"][];
            /** @constant */
            object?: "list";
        };
        ModelV0: {
            id: string;
            object?: string;
            /** @description `llm`, `vlm` or `embeddings` (open: newer versions may add kinds). */
            type: string;
            publisher?: string;
            arch?: string;
            /** @description `gguf` or `mlx`. */
            compatibility_type?: string;
            quantization?: string;
            /** @description `loaded` or `not-loaded`. */
            state?: string;
            max_context_length?: number;
            /** @description Present when loaded; the context the model was really loaded with. */
            loaded_context_length?: number;
            /** @description For example `["tool_use"]`; absent for embedding models. */
            capabilities?: string[];
        };
        ModelListV0: {
            data: components["schemas"]["ModelV0"][];
            /** @constant */
            object?: "list";
        };
        LoadedInstanceV1: {
            /** @description The instance id, used to unload it and as `model` in requests. */
            id: string;
            config?: {
                /** @description The context this instance was loaded with (prefer it to `max_context_length`). */
                context_length?: number;
                parallel?: number;
                reasoning_budget_message?: string;
            } & {
                [key: string]: unknown;
            };
            remaining_ttl_seconds?: number | null;
        };
        ReasoningCapability: {
            /** @description LM Studio's own vocabulary, e.g. `off`, `on`, `low`, `medium`, `high`, `xhigh`. */
            allowed_options?: string[];
            default?: string;
        };
        ModelV1: {
            /** @description `llm` or `embedding` (open). */
            type: string;
            publisher?: string;
            key: string;
            display_name?: string;
            architecture?: string | null;
            quantization?: null | {
                name?: string;
                bits_per_weight?: number | null;
            };
            size_bytes?: number;
            params_string?: string | null;
            loaded_instances?: components["schemas"]["LoadedInstanceV1"][];
            max_context_length?: number;
            /** @description `gguf` or `mlx`. */
            format?: string | null;
            /** @description Absent for embedding models. */
            capabilities?: {
                vision?: boolean;
                trained_for_tool_use?: boolean;
                reasoning?: components["schemas"]["ReasoningCapability"];
            };
            description?: string | null;
            variants?: string[];
            selected_variant?: string | null;
        };
        ModelListV1: {
            models: components["schemas"]["ModelV1"][];
        };
        LoadModelRequest: {
            model: string;
            context_length?: number;
            eval_batch_size?: number;
            flash_attention?: boolean;
            num_experts?: number;
            offload_kv_cache_to_gpu?: boolean;
            echo_load_config?: boolean;
        };
        LoadModelResponse: {
            type?: string;
            instance_id: string;
            load_time_seconds?: number;
            status?: string;
            load_config?: {
                context_length?: number;
            } & {
                [key: string]: unknown;
            };
        };
        UnloadModelRequest: {
            instance_id: string;
        };
        UnloadModelResponse: {
            instance_id: string;
        };
        /**
         * @description One item of `input`. The parameter table says `message`; one docs example writes `text`. Images go inline as a
         *     base64 data URL (LM Studio does not fetch URLs). There is no role: assistant turns cannot be sent.
         */
        NativeChatInputItem: {
            /** @enum {string} */
            type: "message" | "text";
            content: string;
        } | {
            /** @constant */
            type: "image";
            data_url: string;
        };
        NativePluginIntegration: {
            /** @constant */
            type: "plugin";
            /** @description A plugin id; `mcp.json` servers are `mcp/<server_label>`. */
            id: string;
            allowed_tools?: string[];
        };
        /** @description Needs "Allow per-request MCPs"; loopback and private addresses are refused (0.4.18). */
        NativeEphemeralMcpIntegration: {
            /** @constant */
            type: "ephemeral_mcp";
            server_label: string;
            server_url: string;
            allowed_tools?: string[];
            headers?: {
                [key: string]: string;
            };
        };
        /** @description A plugin id (shorthand for a plugin with no options), a plugin, or an ephemeral MCP server. */
        NativeIntegration: string | components["schemas"]["NativePluginIntegration"] | components["schemas"]["NativeEphemeralMcpIntegration"];
        NativeChatRequest: {
            model: string;
            input: string | components["schemas"]["NativeChatInputItem"][];
            system_prompt?: string;
            integrations?: components["schemas"]["NativeIntegration"][];
            stream?: boolean;
            temperature?: number;
            top_p?: number;
            top_k?: number;
            min_p?: number;
            repeat_penalty?: number;
            max_output_tokens?: number;
            /**
             * @description An error when the model does not support the setting.
             * @enum {string}
             */
            reasoning?: "off" | "low" | "medium" | "high" | "on";
            context_length?: number;
            /** @description Default true; a stored response answers `response_id` for `previous_response_id`. */
            store?: boolean;
            previous_response_id?: string;
        };
        NativeToolProviderInfo: {
            /** @description `plugin` or `ephemeral_mcp` (open). */
            type: string;
            plugin_id?: string;
            server_label?: string;
        };
        NativeInvalidToolCallMetadata: {
            /** @description `invalid_name` or `invalid_arguments` (open). */
            type: string;
            tool_name?: string;
            arguments?: {
                [key: string]: unknown;
            };
            provider_info?: components["schemas"]["NativeToolProviderInfo"];
        };
        /** @description Message and reasoning text, tool calls LM Studio ran (arguments as an object), invalid tool calls. */
        NativeOutputItem: {
            /** @enum {string} */
            type: "message" | "reasoning";
            content: string;
        } | {
            /** @constant */
            type: "tool_call";
            tool: string;
            arguments: {
                [key: string]: unknown;
            };
            output?: string;
            provider_info?: components["schemas"]["NativeToolProviderInfo"];
        } | {
            /** @constant */
            type: "invalid_tool_call";
            reason: string;
            metadata?: components["schemas"]["NativeInvalidToolCallMetadata"];
        };
        NativeChatStats: {
            input_tokens?: number;
            total_output_tokens?: number;
            reasoning_output_tokens?: number;
            tokens_per_second?: number;
            time_to_first_token_seconds?: number;
            /** @description Present when the request loaded the model just in time. */
            model_load_time_seconds?: number;
        };
        /**
         * @description A result may hold reasoning only, with no message and nothing marking it as cut
         *     (`reasoning_output_tokens` equal or close to `total_output_tokens`).
         */
        NativeChatResponse: {
            /** @description May carry a quantization and an instance suffix, e.g. `liquid/lfm2-1.2b@q8_0:2`. */
            model_instance_id?: string;
            output: components["schemas"]["NativeOutputItem"][];
            stats?: components["schemas"]["NativeChatStats"];
            /** @description Present when stored; send it back as `previous_response_id`. */
            response_id?: string;
        };
        /** @description The `data` of one `/api/v1/chat` stream event; `type` repeats the `event:` name. Unknown types are ignorable. */
        NativeChatStreamEvent: {
            /** @enum {string} */
            type: "chat.start" | "model_load.start" | "model_load.end";
            model_instance_id?: string;
            load_time_seconds?: number;
        } | {
            /** @enum {string} */
            type: "model_load.progress" | "prompt_processing.progress";
            model_instance_id?: string;
            /** @description From 0 to 1; sent as the integer `0` at the start. */
            progress: number;
        } | {
            /** @enum {string} */
            type: "prompt_processing.start" | "prompt_processing.end" | "reasoning.start" | "reasoning.end" | "message.start" | "message.end";
        } | {
            /** @enum {string} */
            type: "reasoning.delta" | "message.delta";
            content: string;
        } | {
            /** @enum {string} */
            type: "tool_call.start" | "tool_call.arguments" | "tool_call.success";
            tool: string;
            arguments?: {
                [key: string]: unknown;
            };
            output?: string;
            provider_info?: components["schemas"]["NativeToolProviderInfo"];
        } | {
            /** @constant */
            type: "tool_call.failure";
            reason: string;
            metadata?: components["schemas"]["NativeInvalidToolCallMetadata"];
        } | {
            /** @constant */
            type: "error";
            error: components["schemas"]["ErrorObject"];
        } | {
            /** @constant */
            type: "chat.end";
            result: components["schemas"]["NativeChatResponse"];
        };
        DownloadModelRequest: {
            /** @description A catalog id (`openai/gpt-oss-20b`) or an exact Hugging Face link. */
            model: string;
            /** @description E.g. `Q4_K_M`; only for Hugging Face links. */
            quantization?: string;
        };
        DownloadJobStatus: {
            /** @description Absent when `status` is `already_downloaded`. */
            job_id?: string;
            /** @enum {string} */
            status: "downloading" | "paused" | "completed" | "failed" | "already_downloaded";
            total_size_bytes?: number;
            downloaded_bytes?: number;
            bytes_per_second?: number;
            /** @description ISO 8601. */
            estimated_completion?: string;
            started_at?: string;
            completed_at?: string;
        };
        /** @description LM Studio accepts numbers sent as strings (recorded with 0.3.16: `"temperature":"0.1"`, `"max_tokens":"50"`). */
        NumberOrNumericString: number | string;
        TextContentPart: {
            /** @constant */
            type: "text";
            text: string;
        };
        /** @description For vision models only. */
        ImageContentPart: {
            /** @constant */
            type: "image_url";
            image_url: {
                /** @description A `data:` URL with base64 image bytes. */
                url: string;
                detail?: string;
            };
        };
        SystemMessage: {
            /** @constant */
            role: "system";
            content: string | components["schemas"]["TextContentPart"][];
        };
        UserMessage: {
            /** @constant */
            role: "user";
            content: string | (components["schemas"]["TextContentPart"] | components["schemas"]["ImageContentPart"])[];
        };
        AssistantMessage: {
            /** @constant */
            role: "assistant";
            /** @description `null` is accepted with `tool_calls` (0.4.24); `""` is always safe. */
            content?: string | null;
            reasoning_content?: string;
            tool_calls?: components["schemas"]["ToolCall"][];
        };
        ToolMessage: {
            /** @constant */
            role: "tool";
            content: string;
            /** @description Any non-empty string; an empty id is rejected. */
            tool_call_id: string;
        };
        /** @description Roles `system`, `user`, `assistant` and `tool`; `developer` is rejected by LM Studio. */
        ChatMessage: components["schemas"]["SystemMessage"] | components["schemas"]["UserMessage"] | components["schemas"]["AssistantMessage"] | components["schemas"]["ToolMessage"];
        FunctionDefinition: {
            name: string;
            description?: string;
            /** @description A JSON Schema object. */
            parameters?: {
                [key: string]: unknown;
            };
            strict?: boolean;
        };
        Tool: {
            /** @constant */
            type: "function";
            function: components["schemas"]["FunctionDefinition"];
        };
        /**
         * @description `none`, `auto`, `required` (0.3.15+; `required` only on the llama.cpp engine). The object form naming one
         *     function is OpenAI's and is not honoured by LM Studio: the client turns it into `required` when that
         *     function is the only tool offered and rejects it otherwise.
         */
        ToolChoice: ("none" | "auto" | "required") | {
            /** @constant */
            type: "function";
            function: {
                name: string;
            };
        };
        /** @description LM Studio sends 9-digit numeric ids and the key order `type, id, function` (0.4.x). */
        ToolCall: {
            id: string;
            /** @constant */
            type: "function";
            function: {
                name: string;
                /** @description JSON text; may be empty or truncated when generation stopped early. */
                arguments: string;
            };
        };
        /** @description LM Studio accepts `text` and `json_schema` only; `json_object` is a 400. */
        ResponseFormat: {
            /** @constant */
            type: "text";
        } | {
            /** @constant */
            type: "json_schema";
            json_schema: {
                name?: string;
                strict?: boolean;
                schema: {
                    [key: string]: unknown;
                };
            };
        };
        ChatCompletionRequest: {
            /**
             * @description Weakly enforced: when some model is loaded and this id does not exist, LM Studio answers with the
             *     loaded model (HTTP 200); only the response's `model` tells.
             */
            model: string;
            messages: components["schemas"]["ChatMessage"][];
            temperature?: components["schemas"]["NumberOrNumericString"];
            top_p?: number;
            top_k?: number;
            min_p?: number;
            /** @description `-1` means unlimited. */
            max_tokens?: components["schemas"]["NumberOrNumericString"];
            stop?: string | string[];
            presence_penalty?: number;
            frequency_penalty?: number;
            repeat_penalty?: number;
            logit_bias?: {
                [key: string]: number;
            };
            seed?: number;
            stream?: boolean;
            /** @description `include_usage` since 0.3.18: a last chunk with `choices: []` and `usage`. */
            stream_options?: {
                include_usage?: boolean;
            };
            /** @description Since 0.3.6. Rendered through the model's prompt template; some templates drop them silently. */
            tools?: components["schemas"]["Tool"][];
            tool_choice?: components["schemas"]["ToolChoice"];
            response_format?: components["schemas"]["ResponseFormat"];
            /** @description Idle seconds before a just-in-time loaded model is unloaded (0.3.9+). */
            ttl?: number;
            /** @description Speculative decoding draft model (0.3.10+). */
            draft_model?: string;
            /**
             * @description Seen in 0.4.24; any other value is a 400 with `code` `invalid_value`.
             * @enum {string}
             */
            reasoning_effort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
        };
        Usage: {
            prompt_tokens: number;
            completion_tokens: number;
            total_tokens: number;
            /** @description 0.4.x. */
            completion_tokens_details?: {
                reasoning_tokens?: number;
            };
        };
        /** @description Seen `stop`, `length`, `tool_calls`; open so that new reasons do not break clients. */
        FinishReason: string;
        ResponseMessage: {
            /** @constant */
            role: "assistant";
            /** @description `""` (not null) with tool calls; may hold raw `<think>` when reasoning separation is off. */
            content?: string | null;
            /** @description Always present (`""` when unused) since about 0.3.27. */
            reasoning_content?: string;
            /** @description Used instead of `reasoning_content` by gpt-oss models. */
            reasoning?: string;
            /** @description Always present (`[]` when unused) since about 0.3.27. */
            tool_calls?: components["schemas"]["ToolCall"][];
        };
        ChatCompletionChoice: {
            index: number;
            message: components["schemas"]["ResponseMessage"];
            logprobs?: null | Record<string, never>;
            finish_reason?: components["schemas"]["FinishReason"] | null;
        };
        ChatCompletionResponse: {
            id: string;
            /** @constant */
            object?: "chat.completion";
            created?: number;
            /** @description The model that answered, which may differ from the one requested. */
            model: string;
            choices: components["schemas"]["ChatCompletionChoice"][];
            usage?: components["schemas"]["Usage"];
            /**
             * @description `{}` on `/v1` (0.3.x–0.4.24), except with speculative decoding (≈0.4.23+), where it carries the
             *     draft-token counts (`total_draft_tokens_count`, `accepted_…`, `rejected_…`).
             */
            stats?: components["schemas"]["GenerationStatsV0"];
            /** @description Equals the model key. */
            system_fingerprint?: string;
        };
        /**
         * @description One piece of a streamed tool call. The first fragment of a call has `index`, `id`, `type`, `function.name`
         *     and `arguments: ""`; later ones repeat `index` and `type` and carry argument text. 0.3.16 sent `name: ""`
         *     in continuation fragments.
         */
        ToolCallFragment: {
            index?: number;
            id?: string;
            /** @constant */
            type?: "function";
            function?: {
                name?: string;
                arguments?: string;
            };
        };
        ChunkDelta: {
            /** @constant */
            role?: "assistant";
            content?: string | null;
            reasoning_content?: string;
            reasoning?: string;
            tool_calls?: components["schemas"]["ToolCallFragment"][];
        };
        ChatCompletionChunkChoice: {
            index: number;
            delta: components["schemas"]["ChunkDelta"];
            logprobs?: null | Record<string, never>;
            finish_reason?: components["schemas"]["FinishReason"] | null;
        };
        /**
         * @description The data of one `data:` event of a chat stream. The last chunk before `[DONE]` has `choices: []` and
         *     `usage` when `stream_options.include_usage` was set (0.3.18+); other chunks have no `usage` key.
         */
        ChatCompletionChunk: {
            id?: string;
            /** @constant */
            object?: "chat.completion.chunk";
            created?: number;
            model?: string;
            system_fingerprint?: string;
            choices: components["schemas"]["ChatCompletionChunkChoice"][];
            usage?: components["schemas"]["Usage"];
        };
        ResponseInputText: {
            /** @constant */
            type: "input_text";
            text: string;
        };
        /** @description For vision models. LM Studio does not fetch http(s) URLs (#1120); the client inlines them as `data:` URLs. */
        ResponseInputImage: {
            /** @constant */
            type: "input_image";
            /** @description A `data:image/…;base64,…` URL. */
            image_url: string;
            detail?: string;
        };
        /** @description `annotations` is missing in 0.3.30 (#1089); `logprobs` is sometimes populated though none were asked for. */
        ResponseOutputText: {
            /** @constant */
            type: "output_text";
            text: string;
            annotations?: {
                [key: string]: unknown;
            }[];
            logprobs?: {
                [key: string]: unknown;
            }[];
        };
        /** @description A message in `input`; `type` may be left out. Assistant turns in a replayed history use `output_text` parts. */
        ResponseInputMessage: {
            /** @constant */
            type?: "message";
            /** @enum {string} */
            role: "user" | "system" | "developer" | "assistant";
            content: string | (components["schemas"]["ResponseInputText"] | components["schemas"]["ResponseInputImage"] | components["schemas"]["ResponseOutputText"])[];
        };
        /** @description A function call (output item, or replayed in `input`). Ids `fc_…`, `call_` + 16 digits. */
        ResponseFunctionCall: {
            /** @constant */
            type: "function_call";
            id?: string;
            call_id: string;
            name: string;
            /** @description JSON text; `""` while streaming until `function_call_arguments.done`. */
            arguments: string;
            status?: string;
        };
        ResponseFunctionCallOutput: {
            /** @constant */
            type: "function_call_output";
            call_id: string;
            output: string;
        };
        ResponseInputItem: components["schemas"]["ResponseInputMessage"] | components["schemas"]["ResponseFunctionCall"] | components["schemas"]["ResponseFunctionCallOutput"];
        ResponseFunctionTool: {
            /** @constant */
            type: "function";
            name: string;
            description?: string;
            /** @description A JSON Schema object. */
            parameters?: {
                [key: string]: unknown;
            };
            strict?: boolean;
        };
        /**
         * @description A remote MCP server (needs "Allow per-request MCPs" in LM Studio). Without `server_url` LM Studio answers
         *     `external_connector_error` / `http_error` (#1073).
         */
        ResponseMcpTool: {
            /** @constant */
            type: "mcp";
            server_label: string;
            server_url?: string;
            allowed_tools?: string[];
            headers?: {
                [key: string]: string;
            };
            require_approval?: string;
        };
        /** @description Only `function` and `mcp`; any other type is a 400 (the client refuses it before sending). */
        ResponseTool: components["schemas"]["ResponseFunctionTool"] | components["schemas"]["ResponseMcpTool"];
        /** @description Accepted but not enforced by LM Studio (#1396, */
        ResponseTextFormat: {
            /** @constant */
            type: "text";
        } | {
            /** @constant */
            type: "json_schema";
            name: string;
            description?: string;
            strict?: boolean;
            schema: {
                [key: string]: unknown;
            };
        };
        ResponseRequest: {
            model: string;
            input: string | components["schemas"]["ResponseInputItem"][];
            instructions?: string;
            tools?: components["schemas"]["ResponseTool"][];
            tool_choice?: ("none" | "auto" | "required") | {
                /** @constant */
                type: "function";
                name: string;
            };
            parallel_tool_calls?: boolean;
            reasoning?: {
                /** @enum {string} */
                effort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
            };
            max_output_tokens?: number;
            temperature?: number;
            top_p?: number;
            top_k?: number;
            presence_penalty?: number;
            frequency_penalty?: number;
            seed?: number;
            /** @description `{}` without `format` is a 400 (#1576): never sent. */
            text?: {
                format: components["schemas"]["ResponseTextFormat"];
            };
            /** @description The `id` of an earlier response; unknown ids fail with `previous_response_not_found`. */
            previous_response_id?: string;
            /** @description Default true; a response that is not stored cannot be continued. */
            store?: boolean;
            stream?: boolean;
            truncation?: string;
            metadata?: {
                [key: string]: string;
            };
            user?: string;
            ttl?: number;
        };
        ResponseOutputMessage: {
            /** @constant */
            type: "message";
            id?: string;
            /** @constant */
            role?: "assistant";
            status?: string;
            content: components["schemas"]["ResponseOutputText"][];
        };
        ResponseReasoningText: {
            /** @constant */
            type: "reasoning_text";
            text: string;
        };
        /** @description `summary` is always `[]`; the text is in `content`. No `status` in 0.3.31. */
        ResponseReasoning: {
            /** @constant */
            type: "reasoning";
            id?: string;
            status?: string;
            summary?: {
                [key: string]: unknown;
            }[];
            content?: components["schemas"]["ResponseReasoningText"][];
        };
        ResponseOutputItem: components["schemas"]["ResponseOutputMessage"] | components["schemas"]["ResponseReasoning"] | components["schemas"]["ResponseFunctionCall"] | {
            /** @enum {string} */
            type: "mcp_call" | "mcp_list_tools" | "mcp_approval_request";
        };
        ResponseUsage: {
            input_tokens: number;
            output_tokens: number;
            total_tokens: number;
            input_tokens_details?: {
                cached_tokens?: number;
            };
            output_tokens_details?: {
                reasoning_tokens?: number;
            };
        };
        /**
         * @description Lenient: fields appeared over versions (`completed_at`, reasoning `status`, `annotations`). Every response
         *     echoes the sampling fields, `store`, `service_tier` and `background`.
         */
        ResponseObject: {
            /** @description `resp_` + 48 hex. */
            id: string;
            /** @constant */
            object?: "response";
            created_at?: number;
            completed_at?: number | null;
            /** @description `completed`, `in_progress`, `incomplete`, `failed`. */
            status: string;
            model?: string;
            previous_response_id?: string | null;
            output: components["schemas"]["ResponseOutputItem"][];
            usage?: components["schemas"]["ResponseUsage"] | null;
            error?: null | {
                code?: string | null;
                message: string;
            };
            incomplete_details?: null | {
                reason?: string;
            };
        };
        ResponseLifecycleEvent: {
            /** @enum {string} */
            type: "response.created" | "response.in_progress" | "response.completed" | "response.failed" | "response.incomplete";
            response: components["schemas"]["ResponseObject"];
            sequence_number?: number;
        };
        ResponseOutputItemEvent: {
            /** @enum {string} */
            type: "response.output_item.added" | "response.output_item.done";
            output_index: number;
            item: components["schemas"]["ResponseOutputItem"];
            sequence_number?: number;
        };
        ResponseContentPartEvent: {
            /** @enum {string} */
            type: "response.content_part.added" | "response.content_part.done";
            item_id: string;
            output_index?: number;
            content_index?: number;
            part: components["schemas"]["ResponseOutputText"] | components["schemas"]["ResponseReasoningText"];
            sequence_number?: number;
        };
        ResponseTextDeltaEvent: {
            /** @enum {string} */
            type: "response.output_text.delta" | "response.reasoning_text.delta" | "response.function_call_arguments.delta";
            item_id?: string;
            output_index?: number;
            content_index?: number;
            delta: string;
            logprobs?: {
                [key: string]: unknown;
            }[];
            sequence_number?: number;
        };
        /** @description `text` for output and reasoning text; `arguments` for a function call (LM Studio sends only `.done`). */
        ResponseTextDoneEvent: {
            /** @enum {string} */
            type: "response.output_text.done" | "response.reasoning_text.done" | "response.function_call_arguments.done";
            item_id?: string;
            output_index?: number;
            content_index?: number;
            text?: string;
            arguments?: string;
            logprobs?: {
                [key: string]: unknown;
            }[];
            sequence_number?: number;
        };
        ResponseErrorEvent: {
            /** @constant */
            type: "error";
            code?: string | null;
            message: string;
            param?: string | null;
            sequence_number?: number;
        };
        /** @description The data of one named event of a Responses stream. Unknown event names are ignorable (OpenAI adds them). */
        ResponseStreamEvent: components["schemas"]["ResponseLifecycleEvent"] | components["schemas"]["ResponseOutputItemEvent"] | components["schemas"]["ResponseContentPartEvent"] | components["schemas"]["ResponseTextDeltaEvent"] | components["schemas"]["ResponseTextDoneEvent"] | components["schemas"]["ResponseErrorEvent"];
        CompletionRequest: {
            model: string;
            prompt: string | string[];
            max_tokens?: components["schemas"]["NumberOrNumericString"];
            temperature?: components["schemas"]["NumberOrNumericString"];
            top_p?: number;
            top_k?: number;
            stop?: string | string[];
            seed?: number;
            stream?: boolean;
            ttl?: number;
        };
        CompletionChoice: {
            index: number;
            text: string;
            logprobs?: null | Record<string, never>;
            finish_reason?: components["schemas"]["FinishReason"] | null;
        };
        CompletionResponse: {
            id: string;
            /** @constant */
            object?: "text_completion";
            created?: number;
            model: string;
            choices: components["schemas"]["CompletionChoice"][];
            usage?: components["schemas"]["Usage"];
        };
        /** @description `Usage`, plus speculative-decoding draft token counts (seen in 0.4.24 `/api/v0` replies). */
        UsageV0: components["schemas"]["Usage"] & {
            total_draft_tokens_count?: number;
            accepted_draft_tokens_count?: number;
            rejected_draft_tokens_count?: number;
        };
        /**
         * @description Generation statistics of an `/api/v0` completion. Every field is optional: with speculative decoding the
         *     `/v1/chat/completions` `stats` (0.4.23+) holds only the draft token counts.
         */
        GenerationStatsV0: {
            tokens_per_second?: number;
            /** @description Seconds (millisecond precision in 0.3.x, microsecond in 0.4.24). */
            time_to_first_token?: number;
            /** @description Seconds. */
            generation_time?: number;
            /** @description Seen `eosFound`, `maxPredictedTokensReached`; open so that new reasons do not break clients. */
            stop_reason?: string;
            total_draft_tokens_count?: number;
            accepted_draft_tokens_count?: number;
            rejected_draft_tokens_count?: number;
        };
        /** @description The model that answered, as loaded. */
        ModelInfoV0: {
            /** @description Seen `phi3`, `granite`, `qwen35`. */
            arch?: string;
            /** @description Seen `Q4_K_M`, `Q8_K_XL`. */
            quant?: string;
            /** @description Seen `gguf`. */
            format?: string;
            /** @description The loaded context length, not the model's maximum. */
            context_length?: number;
        };
        /** @description The inference runtime (engine) that served the request. */
        RuntimeV0: {
            /** @description E.g. `llama.cpp-mac-arm64-apple-metal-advsimd`. */
            name?: string;
            version?: string;
            supported_formats?: string[];
        };
        /** @description `POST /api/v0/chat/completions`: the OpenAI-compatible completion plus `stats`, `model_info`, `runtime`. */
        ChatCompletionResponseV0: {
            id: string;
            /** @constant */
            object?: "chat.completion";
            created?: number;
            model: string;
            choices: components["schemas"]["ChatCompletionChoice"][];
            usage?: components["schemas"]["UsageV0"];
            stats?: components["schemas"]["GenerationStatsV0"];
            model_info?: components["schemas"]["ModelInfoV0"];
            runtime?: components["schemas"]["RuntimeV0"];
            system_fingerprint?: string;
        };
        /** @description `POST /api/v0/completions`: the OpenAI-compatible text completion plus `stats`, `model_info`, `runtime`. */
        CompletionResponseV0: {
            id: string;
            /** @constant */
            object?: "text_completion";
            created?: number;
            model: string;
            choices: components["schemas"]["CompletionChoice"][];
            usage?: components["schemas"]["UsageV0"];
            stats?: components["schemas"]["GenerationStatsV0"];
            model_info?: components["schemas"]["ModelInfoV0"];
            runtime?: components["schemas"]["RuntimeV0"];
        };
        EmbeddingRequest: {
            model: string;
            input: string | string[];
        };
        Embedding: {
            /** @constant */
            object?: "embedding";
            embedding: number[];
            index: number;
        };
        EmbeddingResponse: {
            /** @constant */
            object?: "list";
            data: components["schemas"]["Embedding"][];
            model?: string;
            usage?: {
                prompt_tokens?: number;
                total_tokens?: number;
            };
        };
    };
    responses: {
        /**
         * @description 400 for bad requests (unknown model, no model loaded, context overflow, `json_object`), 401 when a token is
         *     required (0.4.0+), 404 for an unknown model in 0.3.5, 5xx for crashes.
         */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model list, or LM Studio's HTTP 200 error body. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createChatCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatCompletionRequest"];
            };
        };
        responses: {
            /**
             * @description A pretty-printed completion, or with `stream: true` an event stream of compact
             *     `data: <ChatCompletionChunk>` events ended by `data: [DONE]`. HTTP 200 does not mean success: the body
             *     may be an `ErrorBody` (unknown endpoint), and a stream may carry `event: error` with a `StreamErrorEvent`.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatCompletionResponse"];
                    "text/event-stream": components["schemas"]["ChatCompletionChunk"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompletionRequest"];
            };
        };
        responses: {
            /** @description A text completion. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletionResponse"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createEmbedding: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmbeddingRequest"];
            };
        };
        responses: {
            /** @description One vector per input, in input order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmbeddingResponse"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createResponse: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResponseRequest"];
            };
        };
        responses: {
            /**
             * @description The response object (pretty-printed), or with `stream: true` an event stream of named events
             *     (`event: response.output_text.delta` + `data: <ResponseStreamEvent>`), each with a contiguous
             *     `sequence_number` from 0, ended by `response.completed`, `response.incomplete` or `response.failed`
             *     (no `[DONE]`).
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResponseObject"];
                    "text/event-stream": components["schemas"]["ResponseStreamEvent"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    listModelsV0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model list. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelListV0"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    getModelV0: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model id; `/` inside it is sent unescaped by LM Studio's own tools. */
                model: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelV0"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createChatCompletionV0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatCompletionRequest"];
            };
        };
        responses: {
            /** @description A pretty-printed chat completion with LM Studio's extra fields. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatCompletionResponseV0"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    createCompletionV0: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompletionRequest"];
            };
        };
        responses: {
            /** @description A text completion with LM Studio's extra fields. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletionResponseV0"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    listModelsV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model list. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelListV1"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    loadModelV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoadModelRequest"];
            };
        };
        responses: {
            /** @description The loaded instance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoadModelResponse"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    unloadModelV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UnloadModelRequest"];
            };
        };
        responses: {
            /** @description The unloaded instance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnloadModelResponse"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    nativeChatV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NativeChatRequest"];
            };
        };
        responses: {
            /** @description The result, or with `stream: true` an event stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NativeChatResponse"];
                    "text/event-stream": components["schemas"]["NativeChatStreamEvent"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    downloadModelV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DownloadModelRequest"];
            };
        };
        responses: {
            /** @description The job as it stands (`already_downloaded` has no `job_id`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadJobStatus"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
    downloadStatusV1: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `job_id` the download answered, e.g. `job_493c7c9ded`. */
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job's status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DownloadJobStatus"];
                };
            };
            default: components["responses"]["Error"];
        };
    };
}
