// Generated from openapi/lmstudio.yaml by scripts/generate.ts. Do not edit: run `npm run generate`.
/** `components.schemas` of openapi/lmstudio.yaml as JSON Schema 2020-12 data; `$ref`s point at `#/components/schemas/…`. */
export const schemas = {
  "ErrorObject": {
    "type": "object",
    "description": "OpenAI-style error object; LM Studio sends `type`, `param` and `code` as null or omits them.",
    "required": [
      "message"
    ],
    "properties": {
      "message": {
        "type": "string"
      },
      "type": {
        "type": [
          "string",
          "null"
        ]
      },
      "param": {
        "type": [
          "string",
          "null"
        ]
      },
      "code": {
        "type": [
          "string",
          "null"
        ],
        "description": "Seen `model_not_found`, `invalid_value`, `invalid_api_key`, `missing_required_parameter`."
      }
    }
  },
  "ErrorBody": {
    "type": "object",
    "description": "`error` is a plain string (most 400s, and the HTTP 200 \"Unexpected endpoint or method\" reply) or an object\n(unknown model, invalid values, auth in 0.4.0+, \"No models loaded\" in 0.4.24).\n",
    "required": [
      "error"
    ],
    "properties": {
      "error": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "$ref": "#/components/schemas/ErrorObject"
          }
        ]
      }
    }
  },
  "StreamErrorEvent": {
    "type": "object",
    "description": "Data of an `event: error` inside a chat stream (context overflow seen in 0.4.21); no `[DONE]` follows.",
    "required": [
      "error"
    ],
    "properties": {
      "error": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "$ref": "#/components/schemas/ErrorObject"
          }
        ]
      },
      "message": {
        "type": "string"
      }
    }
  },
  "Model": {
    "type": "object",
    "required": [
      "id"
    ],
    "properties": {
      "id": {
        "type": "string",
        "description": "`publisher/name`, a bare legacy name, `name@quant`, or `name:2` for a second instance."
      },
      "object": {
        "type": "string",
        "const": "model"
      },
      "owned_by": {
        "type": "string"
      }
    }
  },
  "ModelList": {
    "type": "object",
    "required": [
      "data"
    ],
    "properties": {
      "data": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Model"
        }
      },
      "object": {
        "type": "string",
        "const": "list"
      }
    }
  },
  "ModelV0": {
    "type": "object",
    "required": [
      "id",
      "type"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "object": {
        "type": "string"
      },
      "type": {
        "type": "string",
        "description": "`llm`, `vlm` or `embeddings` (open: newer versions may add kinds)."
      },
      "publisher": {
        "type": "string"
      },
      "arch": {
        "type": "string"
      },
      "compatibility_type": {
        "type": "string",
        "description": "`gguf` or `mlx`."
      },
      "quantization": {
        "type": "string"
      },
      "state": {
        "type": "string",
        "description": "`loaded` or `not-loaded`."
      },
      "max_context_length": {
        "type": "integer"
      },
      "loaded_context_length": {
        "type": "integer",
        "description": "Present when loaded; the context the model was really loaded with."
      },
      "capabilities": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "description": "For example `[\"tool_use\"]`; absent for embedding models."
      }
    }
  },
  "ModelListV0": {
    "type": "object",
    "required": [
      "data"
    ],
    "properties": {
      "data": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ModelV0"
        }
      },
      "object": {
        "type": "string",
        "const": "list"
      }
    }
  },
  "LoadedInstanceV1": {
    "type": "object",
    "required": [
      "id"
    ],
    "properties": {
      "id": {
        "type": "string",
        "description": "The instance id, used to unload it and as `model` in requests."
      },
      "config": {
        "type": "object",
        "properties": {
          "context_length": {
            "type": "integer",
            "description": "The context this instance was loaded with (prefer it to `max_context_length`)."
          },
          "parallel": {
            "type": "integer"
          },
          "reasoning_budget_message": {
            "type": "string"
          }
        },
        "additionalProperties": true
      },
      "remaining_ttl_seconds": {
        "type": [
          "number",
          "null"
        ]
      }
    }
  },
  "ReasoningCapability": {
    "type": "object",
    "properties": {
      "allowed_options": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "description": "LM Studio's own vocabulary, e.g. `off`, `on`, `low`, `medium`, `high`, `xhigh`."
      },
      "default": {
        "type": "string"
      }
    }
  },
  "ModelV1": {
    "type": "object",
    "required": [
      "key",
      "type"
    ],
    "properties": {
      "type": {
        "type": "string",
        "description": "`llm` or `embedding` (open)."
      },
      "publisher": {
        "type": "string"
      },
      "key": {
        "type": "string"
      },
      "display_name": {
        "type": "string"
      },
      "architecture": {
        "type": [
          "string",
          "null"
        ]
      },
      "quantization": {
        "oneOf": [
          {
            "type": "null"
          },
          {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "bits_per_weight": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          }
        ]
      },
      "size_bytes": {
        "type": "number"
      },
      "params_string": {
        "type": [
          "string",
          "null"
        ]
      },
      "loaded_instances": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/LoadedInstanceV1"
        }
      },
      "max_context_length": {
        "type": "integer"
      },
      "format": {
        "type": [
          "string",
          "null"
        ],
        "description": "`gguf` or `mlx`."
      },
      "capabilities": {
        "type": "object",
        "description": "Absent for embedding models.",
        "properties": {
          "vision": {
            "type": "boolean"
          },
          "trained_for_tool_use": {
            "type": "boolean"
          },
          "reasoning": {
            "$ref": "#/components/schemas/ReasoningCapability"
          }
        }
      },
      "description": {
        "type": [
          "string",
          "null"
        ]
      },
      "variants": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "selected_variant": {
        "type": [
          "string",
          "null"
        ]
      }
    }
  },
  "ModelListV1": {
    "type": "object",
    "required": [
      "models"
    ],
    "properties": {
      "models": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ModelV1"
        }
      }
    }
  },
  "LoadModelRequest": {
    "type": "object",
    "required": [
      "model"
    ],
    "properties": {
      "model": {
        "type": "string"
      },
      "context_length": {
        "type": "integer",
        "minimum": 1
      },
      "eval_batch_size": {
        "type": "integer",
        "minimum": 1
      },
      "flash_attention": {
        "type": "boolean"
      },
      "num_experts": {
        "type": "integer",
        "minimum": 1
      },
      "offload_kv_cache_to_gpu": {
        "type": "boolean"
      },
      "echo_load_config": {
        "type": "boolean"
      }
    }
  },
  "LoadModelResponse": {
    "type": "object",
    "required": [
      "instance_id"
    ],
    "properties": {
      "type": {
        "type": "string"
      },
      "instance_id": {
        "type": "string"
      },
      "load_time_seconds": {
        "type": "number"
      },
      "status": {
        "type": "string"
      },
      "load_config": {
        "type": "object",
        "additionalProperties": true,
        "properties": {
          "context_length": {
            "type": "integer"
          }
        }
      }
    }
  },
  "UnloadModelRequest": {
    "type": "object",
    "required": [
      "instance_id"
    ],
    "properties": {
      "instance_id": {
        "type": "string"
      }
    }
  },
  "UnloadModelResponse": {
    "type": "object",
    "required": [
      "instance_id"
    ],
    "properties": {
      "instance_id": {
        "type": "string"
      }
    }
  },
  "NumberOrNumericString": {
    "description": "LM Studio accepts numbers sent as strings (recorded with 0.3.16: `\"temperature\":\"0.1\"`, `\"max_tokens\":\"50\"`).\n",
    "oneOf": [
      {
        "type": "number"
      },
      {
        "type": "string",
        "pattern": "^-?[0-9]+(\\.[0-9]+)?$"
      }
    ]
  },
  "TextContentPart": {
    "type": "object",
    "required": [
      "type",
      "text"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "text"
      },
      "text": {
        "type": "string"
      }
    }
  },
  "ImageContentPart": {
    "type": "object",
    "required": [
      "type",
      "image_url"
    ],
    "description": "For vision models only.",
    "properties": {
      "type": {
        "type": "string",
        "const": "image_url"
      },
      "image_url": {
        "type": "object",
        "required": [
          "url"
        ],
        "properties": {
          "url": {
            "type": "string",
            "description": "A `data:` URL with base64 image bytes."
          },
          "detail": {
            "type": "string"
          }
        }
      }
    }
  },
  "SystemMessage": {
    "type": "object",
    "required": [
      "role",
      "content"
    ],
    "properties": {
      "role": {
        "type": "string",
        "const": "system"
      },
      "content": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TextContentPart"
            }
          }
        ]
      }
    }
  },
  "UserMessage": {
    "type": "object",
    "required": [
      "role",
      "content"
    ],
    "properties": {
      "role": {
        "type": "string",
        "const": "user"
      },
      "content": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/TextContentPart"
                },
                {
                  "$ref": "#/components/schemas/ImageContentPart"
                }
              ]
            }
          }
        ]
      }
    }
  },
  "AssistantMessage": {
    "type": "object",
    "required": [
      "role"
    ],
    "properties": {
      "role": {
        "type": "string",
        "const": "assistant"
      },
      "content": {
        "type": [
          "string",
          "null"
        ],
        "description": "`null` is accepted with `tool_calls` (0.4.24); `\"\"` is always safe."
      },
      "reasoning_content": {
        "type": "string"
      },
      "tool_calls": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ToolCall"
        }
      }
    }
  },
  "ToolMessage": {
    "type": "object",
    "required": [
      "role",
      "content",
      "tool_call_id"
    ],
    "properties": {
      "role": {
        "type": "string",
        "const": "tool"
      },
      "content": {
        "type": "string"
      },
      "tool_call_id": {
        "type": "string",
        "minLength": 1,
        "description": "Any non-empty string; an empty id is rejected."
      }
    }
  },
  "ChatMessage": {
    "description": "Roles `system`, `user`, `assistant` and `tool`; `developer` is rejected by LM Studio.",
    "oneOf": [
      {
        "$ref": "#/components/schemas/SystemMessage"
      },
      {
        "$ref": "#/components/schemas/UserMessage"
      },
      {
        "$ref": "#/components/schemas/AssistantMessage"
      },
      {
        "$ref": "#/components/schemas/ToolMessage"
      }
    ]
  },
  "FunctionDefinition": {
    "type": "object",
    "required": [
      "name"
    ],
    "properties": {
      "name": {
        "type": "string",
        "minLength": 1
      },
      "description": {
        "type": "string"
      },
      "parameters": {
        "type": "object",
        "description": "A JSON Schema object.",
        "additionalProperties": true
      },
      "strict": {
        "type": "boolean"
      }
    }
  },
  "Tool": {
    "type": "object",
    "required": [
      "type",
      "function"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "function"
      },
      "function": {
        "$ref": "#/components/schemas/FunctionDefinition"
      }
    }
  },
  "ToolChoice": {
    "description": "`none`, `auto`, `required` (0.3.15+; `required` only on the llama.cpp engine). The object form naming one\nfunction is OpenAI's and is not honoured by LM Studio: the client turns it into `required` when that\nfunction is the only tool offered and rejects it otherwise.\n",
    "oneOf": [
      {
        "type": "string",
        "enum": [
          "none",
          "auto",
          "required"
        ]
      },
      {
        "type": "object",
        "required": [
          "type",
          "function"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "function"
          },
          "function": {
            "type": "object",
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string"
              }
            }
          }
        }
      }
    ]
  },
  "ToolCall": {
    "type": "object",
    "required": [
      "id",
      "type",
      "function"
    ],
    "description": "LM Studio sends 9-digit numeric ids and the key order `type, id, function` (0.4.x).",
    "properties": {
      "id": {
        "type": "string"
      },
      "type": {
        "type": "string",
        "const": "function"
      },
      "function": {
        "type": "object",
        "required": [
          "name",
          "arguments"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "arguments": {
            "type": "string",
            "description": "JSON text; may be empty or truncated when generation stopped early."
          }
        }
      }
    }
  },
  "ResponseFormat": {
    "description": "LM Studio accepts `text` and `json_schema` only; `json_object` is a 400.",
    "oneOf": [
      {
        "type": "object",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "text"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "json_schema"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "json_schema"
          },
          "json_schema": {
            "type": "object",
            "required": [
              "schema"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "strict": {
                "type": "boolean"
              },
              "schema": {
                "type": "object",
                "additionalProperties": true
              }
            }
          }
        }
      }
    ]
  },
  "ChatCompletionRequest": {
    "type": "object",
    "required": [
      "model",
      "messages"
    ],
    "properties": {
      "model": {
        "type": "string",
        "description": "Weakly enforced: when some model is loaded and this id does not exist, LM Studio answers with the\nloaded model (HTTP 200); only the response's `model` tells.\n"
      },
      "messages": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ChatMessage"
        }
      },
      "temperature": {
        "$ref": "#/components/schemas/NumberOrNumericString"
      },
      "top_p": {
        "type": "number"
      },
      "top_k": {
        "type": "integer"
      },
      "min_p": {
        "type": "number"
      },
      "max_tokens": {
        "description": "`-1` means unlimited.",
        "$ref": "#/components/schemas/NumberOrNumericString"
      },
      "stop": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      },
      "presence_penalty": {
        "type": "number"
      },
      "frequency_penalty": {
        "type": "number"
      },
      "repeat_penalty": {
        "type": "number"
      },
      "logit_bias": {
        "type": "object",
        "additionalProperties": {
          "type": "number"
        }
      },
      "seed": {
        "type": "integer"
      },
      "stream": {
        "type": "boolean"
      },
      "stream_options": {
        "type": "object",
        "description": "`include_usage` since 0.3.18: a last chunk with `choices: []` and `usage`.",
        "properties": {
          "include_usage": {
            "type": "boolean"
          }
        }
      },
      "tools": {
        "type": "array",
        "description": "Since 0.3.6. Rendered through the model's prompt template; some templates drop them silently.",
        "items": {
          "$ref": "#/components/schemas/Tool"
        }
      },
      "tool_choice": {
        "$ref": "#/components/schemas/ToolChoice"
      },
      "response_format": {
        "$ref": "#/components/schemas/ResponseFormat"
      },
      "ttl": {
        "type": "integer",
        "minimum": 1,
        "description": "Idle seconds before a just-in-time loaded model is unloaded (0.3.9+)."
      },
      "draft_model": {
        "type": "string",
        "description": "Speculative decoding draft model (0.3.10+)."
      },
      "reasoning_effort": {
        "type": "string",
        "enum": [
          "none",
          "minimal",
          "low",
          "medium",
          "high",
          "xhigh"
        ],
        "description": "Seen in 0.4.24; any other value is a 400 with `code` `invalid_value`."
      }
    }
  },
  "Usage": {
    "type": "object",
    "required": [
      "prompt_tokens",
      "completion_tokens",
      "total_tokens"
    ],
    "properties": {
      "prompt_tokens": {
        "type": "integer"
      },
      "completion_tokens": {
        "type": "integer"
      },
      "total_tokens": {
        "type": "integer"
      },
      "completion_tokens_details": {
        "type": "object",
        "description": "0.4.x.",
        "properties": {
          "reasoning_tokens": {
            "type": "integer"
          }
        }
      }
    }
  },
  "FinishReason": {
    "type": "string",
    "description": "Seen `stop`, `length`, `tool_calls`; open so that new reasons do not break clients."
  },
  "ResponseMessage": {
    "type": "object",
    "required": [
      "role"
    ],
    "properties": {
      "role": {
        "type": "string",
        "const": "assistant"
      },
      "content": {
        "type": [
          "string",
          "null"
        ],
        "description": "`\"\"` (not null) with tool calls; may hold raw `<think>` when reasoning separation is off."
      },
      "reasoning_content": {
        "type": "string",
        "description": "Always present (`\"\"` when unused) since about 0.3.27."
      },
      "reasoning": {
        "type": "string",
        "description": "Used instead of `reasoning_content` by gpt-oss models."
      },
      "tool_calls": {
        "type": "array",
        "description": "Always present (`[]` when unused) since about 0.3.27.",
        "items": {
          "$ref": "#/components/schemas/ToolCall"
        }
      }
    }
  },
  "ChatCompletionChoice": {
    "type": "object",
    "required": [
      "index",
      "message"
    ],
    "properties": {
      "index": {
        "type": "integer"
      },
      "message": {
        "$ref": "#/components/schemas/ResponseMessage"
      },
      "logprobs": {
        "type": [
          "null",
          "object"
        ]
      },
      "finish_reason": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/FinishReason"
          },
          {
            "type": "null"
          }
        ]
      }
    }
  },
  "ChatCompletionResponse": {
    "type": "object",
    "required": [
      "id",
      "model",
      "choices"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "object": {
        "type": "string",
        "const": "chat.completion"
      },
      "created": {
        "type": "integer"
      },
      "model": {
        "type": "string",
        "description": "The model that answered, which may differ from the one requested."
      },
      "choices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ChatCompletionChoice"
        }
      },
      "usage": {
        "$ref": "#/components/schemas/Usage"
      },
      "stats": {
        "type": "object",
        "description": "Always `{}` so far."
      },
      "system_fingerprint": {
        "type": "string",
        "description": "Equals the model key."
      }
    }
  },
  "ToolCallFragment": {
    "type": "object",
    "description": "One piece of a streamed tool call. The first fragment of a call has `index`, `id`, `type`, `function.name`\nand `arguments: \"\"`; later ones repeat `index` and `type` and carry argument text. 0.3.16 sent `name: \"\"`\nin continuation fragments.\n",
    "properties": {
      "index": {
        "type": "integer"
      },
      "id": {
        "type": "string"
      },
      "type": {
        "type": "string",
        "const": "function"
      },
      "function": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "arguments": {
            "type": "string"
          }
        }
      }
    }
  },
  "ChunkDelta": {
    "type": "object",
    "properties": {
      "role": {
        "type": "string",
        "const": "assistant"
      },
      "content": {
        "type": [
          "string",
          "null"
        ]
      },
      "reasoning_content": {
        "type": "string"
      },
      "reasoning": {
        "type": "string"
      },
      "tool_calls": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ToolCallFragment"
        }
      }
    }
  },
  "ChatCompletionChunkChoice": {
    "type": "object",
    "required": [
      "index",
      "delta"
    ],
    "properties": {
      "index": {
        "type": "integer"
      },
      "delta": {
        "$ref": "#/components/schemas/ChunkDelta"
      },
      "logprobs": {
        "type": [
          "null",
          "object"
        ]
      },
      "finish_reason": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/FinishReason"
          },
          {
            "type": "null"
          }
        ]
      }
    }
  },
  "ChatCompletionChunk": {
    "type": "object",
    "description": "The data of one `data:` event of a chat stream. The last chunk before `[DONE]` has `choices: []` and\n`usage` when `stream_options.include_usage` was set (0.3.18+); other chunks have no `usage` key.\n",
    "required": [
      "choices"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "object": {
        "type": "string",
        "const": "chat.completion.chunk"
      },
      "created": {
        "type": "integer"
      },
      "model": {
        "type": "string"
      },
      "system_fingerprint": {
        "type": "string"
      },
      "choices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ChatCompletionChunkChoice"
        }
      },
      "usage": {
        "$ref": "#/components/schemas/Usage"
      }
    }
  },
  "CompletionRequest": {
    "type": "object",
    "required": [
      "model",
      "prompt"
    ],
    "properties": {
      "model": {
        "type": "string"
      },
      "prompt": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      },
      "max_tokens": {
        "$ref": "#/components/schemas/NumberOrNumericString"
      },
      "temperature": {
        "$ref": "#/components/schemas/NumberOrNumericString"
      },
      "top_p": {
        "type": "number"
      },
      "top_k": {
        "type": "integer"
      },
      "stop": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      },
      "seed": {
        "type": "integer"
      },
      "stream": {
        "type": "boolean"
      },
      "ttl": {
        "type": "integer",
        "minimum": 1
      }
    }
  },
  "CompletionChoice": {
    "type": "object",
    "required": [
      "index",
      "text"
    ],
    "properties": {
      "index": {
        "type": "integer"
      },
      "text": {
        "type": "string"
      },
      "logprobs": {
        "type": [
          "null",
          "object"
        ]
      },
      "finish_reason": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/FinishReason"
          },
          {
            "type": "null"
          }
        ]
      }
    }
  },
  "CompletionResponse": {
    "type": "object",
    "required": [
      "id",
      "model",
      "choices"
    ],
    "properties": {
      "id": {
        "type": "string"
      },
      "object": {
        "type": "string",
        "const": "text_completion"
      },
      "created": {
        "type": "integer"
      },
      "model": {
        "type": "string"
      },
      "choices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/CompletionChoice"
        }
      },
      "usage": {
        "$ref": "#/components/schemas/Usage"
      }
    }
  },
  "EmbeddingRequest": {
    "type": "object",
    "required": [
      "model",
      "input"
    ],
    "properties": {
      "model": {
        "type": "string"
      },
      "input": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        ]
      }
    }
  },
  "Embedding": {
    "type": "object",
    "required": [
      "embedding",
      "index"
    ],
    "properties": {
      "object": {
        "type": "string",
        "const": "embedding"
      },
      "embedding": {
        "type": "array",
        "items": {
          "type": "number"
        }
      },
      "index": {
        "type": "integer"
      }
    }
  },
  "EmbeddingResponse": {
    "type": "object",
    "required": [
      "data"
    ],
    "properties": {
      "object": {
        "type": "string",
        "const": "list"
      },
      "data": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Embedding"
        }
      },
      "model": {
        "type": "string"
      },
      "usage": {
        "type": "object",
        "properties": {
          "prompt_tokens": {
            "type": "integer"
          },
          "total_tokens": {
            "type": "integer"
          }
        }
      }
    }
  }
} as const;
