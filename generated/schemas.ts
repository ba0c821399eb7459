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
  "NativeChatInputItem": {
    "description": "One item of `input`. The parameter table says `message`; one docs example writes `text`. Images go inline as a\nbase64 data URL (LM Studio does not fetch URLs). There is no role: assistant turns cannot be sent.\n",
    "oneOf": [
      {
        "type": "object",
        "required": [
          "type",
          "content"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "message",
              "text"
            ]
          },
          "content": {
            "type": "string"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "data_url"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "image"
          },
          "data_url": {
            "type": "string",
            "pattern": "^data:image/"
          }
        }
      }
    ]
  },
  "NativePluginIntegration": {
    "type": "object",
    "required": [
      "type",
      "id"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "plugin"
      },
      "id": {
        "type": "string",
        "description": "A plugin id; `mcp.json` servers are `mcp/<server_label>`."
      },
      "allowed_tools": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
  "NativeEphemeralMcpIntegration": {
    "type": "object",
    "required": [
      "type",
      "server_label",
      "server_url"
    ],
    "description": "Needs \"Allow per-request MCPs\"; loopback and private addresses are refused (0.4.18).",
    "properties": {
      "type": {
        "type": "string",
        "const": "ephemeral_mcp"
      },
      "server_label": {
        "type": "string"
      },
      "server_url": {
        "type": "string"
      },
      "allowed_tools": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "headers": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      }
    }
  },
  "NativeIntegration": {
    "description": "A plugin id (shorthand for a plugin with no options), a plugin, or an ephemeral MCP server.",
    "oneOf": [
      {
        "type": "string"
      },
      {
        "$ref": "#/components/schemas/NativePluginIntegration"
      },
      {
        "$ref": "#/components/schemas/NativeEphemeralMcpIntegration"
      }
    ]
  },
  "NativeChatRequest": {
    "type": "object",
    "required": [
      "model",
      "input"
    ],
    "properties": {
      "model": {
        "type": "string",
        "minLength": 1
      },
      "input": {
        "oneOf": [
          {
            "type": "string"
          },
          {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/NativeChatInputItem"
            }
          }
        ]
      },
      "system_prompt": {
        "type": "string"
      },
      "integrations": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/NativeIntegration"
        }
      },
      "stream": {
        "type": "boolean"
      },
      "temperature": {
        "type": "number"
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
      "repeat_penalty": {
        "type": "number"
      },
      "max_output_tokens": {
        "type": "integer",
        "minimum": 1
      },
      "reasoning": {
        "type": "string",
        "enum": [
          "off",
          "low",
          "medium",
          "high",
          "on"
        ],
        "description": "An error when the model does not support the setting."
      },
      "context_length": {
        "type": "integer",
        "minimum": 1
      },
      "store": {
        "type": "boolean",
        "description": "Default true; a stored response answers `response_id` for `previous_response_id`."
      },
      "previous_response_id": {
        "type": "string"
      }
    }
  },
  "NativeToolProviderInfo": {
    "type": "object",
    "required": [
      "type"
    ],
    "properties": {
      "type": {
        "type": "string",
        "description": "`plugin` or `ephemeral_mcp` (open)."
      },
      "plugin_id": {
        "type": "string"
      },
      "server_label": {
        "type": "string"
      }
    }
  },
  "NativeInvalidToolCallMetadata": {
    "type": "object",
    "required": [
      "type"
    ],
    "properties": {
      "type": {
        "type": "string",
        "description": "`invalid_name` or `invalid_arguments` (open)."
      },
      "tool_name": {
        "type": "string"
      },
      "arguments": {
        "type": "object",
        "additionalProperties": true
      },
      "provider_info": {
        "$ref": "#/components/schemas/NativeToolProviderInfo"
      }
    }
  },
  "NativeOutputItem": {
    "description": "Message and reasoning text, tool calls LM Studio ran (arguments as an object), invalid tool calls.",
    "oneOf": [
      {
        "type": "object",
        "required": [
          "type",
          "content"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "message",
              "reasoning"
            ]
          },
          "content": {
            "type": "string"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "tool",
          "arguments"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "tool_call"
          },
          "tool": {
            "type": "string"
          },
          "arguments": {
            "type": "object",
            "additionalProperties": true
          },
          "output": {
            "type": "string"
          },
          "provider_info": {
            "$ref": "#/components/schemas/NativeToolProviderInfo"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "reason"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "invalid_tool_call"
          },
          "reason": {
            "type": "string"
          },
          "metadata": {
            "$ref": "#/components/schemas/NativeInvalidToolCallMetadata"
          }
        }
      }
    ]
  },
  "NativeChatStats": {
    "type": "object",
    "properties": {
      "input_tokens": {
        "type": "number"
      },
      "total_output_tokens": {
        "type": "number"
      },
      "reasoning_output_tokens": {
        "type": "number"
      },
      "tokens_per_second": {
        "type": "number"
      },
      "time_to_first_token_seconds": {
        "type": "number"
      },
      "model_load_time_seconds": {
        "type": "number",
        "description": "Present when the request loaded the model just in time."
      }
    }
  },
  "NativeChatResponse": {
    "type": "object",
    "required": [
      "output"
    ],
    "description": "A result may hold reasoning only, with no message and nothing marking it as cut\n(`reasoning_output_tokens` equal or close to `total_output_tokens`).\n",
    "properties": {
      "model_instance_id": {
        "type": "string",
        "description": "May carry a quantization and an instance suffix, e.g. `liquid/lfm2-1.2b@q8_0:2`."
      },
      "output": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/NativeOutputItem"
        }
      },
      "stats": {
        "$ref": "#/components/schemas/NativeChatStats"
      },
      "response_id": {
        "type": "string",
        "description": "Present when stored; send it back as `previous_response_id`."
      }
    }
  },
  "NativeChatStreamEvent": {
    "description": "The `data` of one `/api/v1/chat` stream event; `type` repeats the `event:` name. Unknown types are ignorable.",
    "oneOf": [
      {
        "type": "object",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "chat.start",
              "model_load.start",
              "model_load.end"
            ]
          },
          "model_instance_id": {
            "type": "string"
          },
          "load_time_seconds": {
            "type": "number"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "progress"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "model_load.progress",
              "prompt_processing.progress"
            ]
          },
          "model_instance_id": {
            "type": "string"
          },
          "progress": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "From 0 to 1; sent as the integer `0` at the start."
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "prompt_processing.start",
              "prompt_processing.end",
              "reasoning.start",
              "reasoning.end",
              "message.start",
              "message.end"
            ]
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "content"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "reasoning.delta",
              "message.delta"
            ]
          },
          "content": {
            "type": "string"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "tool"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "tool_call.start",
              "tool_call.arguments",
              "tool_call.success"
            ]
          },
          "tool": {
            "type": "string"
          },
          "arguments": {
            "type": "object",
            "additionalProperties": true
          },
          "output": {
            "type": "string"
          },
          "provider_info": {
            "$ref": "#/components/schemas/NativeToolProviderInfo"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "reason"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "tool_call.failure"
          },
          "reason": {
            "type": "string"
          },
          "metadata": {
            "$ref": "#/components/schemas/NativeInvalidToolCallMetadata"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "error"
        ],
        "description": "The stream goes on to `chat.end` with whatever was generated.",
        "properties": {
          "type": {
            "type": "string",
            "const": "error"
          },
          "error": {
            "$ref": "#/components/schemas/ErrorObject"
          }
        }
      },
      {
        "type": "object",
        "required": [
          "type",
          "result"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "chat.end"
          },
          "result": {
            "$ref": "#/components/schemas/NativeChatResponse"
          }
        }
      }
    ]
  },
  "DownloadModelRequest": {
    "type": "object",
    "required": [
      "model"
    ],
    "properties": {
      "model": {
        "type": "string",
        "minLength": 1,
        "description": "A catalog id (`openai/gpt-oss-20b`) or an exact Hugging Face link."
      },
      "quantization": {
        "type": "string",
        "description": "E.g. `Q4_K_M`; only for Hugging Face links."
      }
    }
  },
  "DownloadJobStatus": {
    "type": "object",
    "required": [
      "status"
    ],
    "properties": {
      "job_id": {
        "type": "string",
        "description": "Absent when `status` is `already_downloaded`."
      },
      "status": {
        "type": "string",
        "enum": [
          "downloading",
          "paused",
          "completed",
          "failed",
          "already_downloaded"
        ]
      },
      "total_size_bytes": {
        "type": "number"
      },
      "downloaded_bytes": {
        "type": "number"
      },
      "bytes_per_second": {
        "type": "number"
      },
      "estimated_completion": {
        "type": "string",
        "description": "ISO 8601."
      },
      "started_at": {
        "type": "string"
      },
      "completed_at": {
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
        "description": "`{}` on `/v1` (0.3.x–0.4.24), except with speculative decoding (≈0.4.23+), where it carries the\ndraft-token counts (`total_draft_tokens_count`, `accepted_…`, `rejected_…`).\n",
        "$ref": "#/components/schemas/GenerationStatsV0"
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
  "ResponseInputText": {
    "type": "object",
    "required": [
      "type",
      "text"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "input_text"
      },
      "text": {
        "type": "string"
      }
    }
  },
  "ResponseInputImage": {
    "type": "object",
    "required": [
      "type",
      "image_url"
    ],
    "description": "For vision models. LM Studio does not fetch http(s) URLs (#1120); the client inlines them as `data:` URLs.",
    "properties": {
      "type": {
        "type": "string",
        "const": "input_image"
      },
      "image_url": {
        "type": "string",
        "description": "A `data:image/…;base64,…` URL."
      },
      "detail": {
        "type": "string"
      }
    }
  },
  "ResponseOutputText": {
    "type": "object",
    "required": [
      "type",
      "text"
    ],
    "description": "`annotations` is missing in 0.3.30 (#1089); `logprobs` is sometimes populated though none were asked for.",
    "properties": {
      "type": {
        "type": "string",
        "const": "output_text"
      },
      "text": {
        "type": "string"
      },
      "annotations": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": true
        }
      },
      "logprobs": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": true
        }
      }
    }
  },
  "ResponseInputMessage": {
    "type": "object",
    "required": [
      "role",
      "content"
    ],
    "description": "A message in `input`; `type` may be left out. Assistant turns in a replayed history use `output_text` parts.",
    "properties": {
      "type": {
        "type": "string",
        "const": "message"
      },
      "role": {
        "type": "string",
        "enum": [
          "user",
          "system",
          "developer",
          "assistant"
        ]
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
                  "$ref": "#/components/schemas/ResponseInputText"
                },
                {
                  "$ref": "#/components/schemas/ResponseInputImage"
                },
                {
                  "$ref": "#/components/schemas/ResponseOutputText"
                }
              ]
            }
          }
        ]
      }
    }
  },
  "ResponseFunctionCall": {
    "type": "object",
    "required": [
      "type",
      "call_id",
      "name",
      "arguments"
    ],
    "description": "A function call (output item, or replayed in `input`). Ids `fc_…`, `call_` + 16 digits.",
    "properties": {
      "type": {
        "type": "string",
        "const": "function_call"
      },
      "id": {
        "type": "string"
      },
      "call_id": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "arguments": {
        "type": "string",
        "description": "JSON text; `\"\"` while streaming until `function_call_arguments.done`."
      },
      "status": {
        "type": "string"
      }
    }
  },
  "ResponseFunctionCallOutput": {
    "type": "object",
    "required": [
      "type",
      "call_id",
      "output"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "function_call_output"
      },
      "call_id": {
        "type": "string",
        "minLength": 1
      },
      "output": {
        "type": "string"
      }
    }
  },
  "ResponseInputItem": {
    "oneOf": [
      {
        "$ref": "#/components/schemas/ResponseInputMessage"
      },
      {
        "$ref": "#/components/schemas/ResponseFunctionCall"
      },
      {
        "$ref": "#/components/schemas/ResponseFunctionCallOutput"
      }
    ]
  },
  "ResponseFunctionTool": {
    "type": "object",
    "required": [
      "type",
      "name"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "function"
      },
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
  "ResponseMcpTool": {
    "type": "object",
    "required": [
      "type",
      "server_label"
    ],
    "description": "A remote MCP server (needs \"Allow per-request MCPs\" in LM Studio). Without `server_url` LM Studio answers\n`external_connector_error` / `http_error` (#1073).\n",
    "properties": {
      "type": {
        "type": "string",
        "const": "mcp"
      },
      "server_label": {
        "type": "string"
      },
      "server_url": {
        "type": "string"
      },
      "allowed_tools": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "headers": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      },
      "require_approval": {
        "type": "string"
      }
    }
  },
  "ResponseTool": {
    "description": "Only `function` and `mcp`; any other type is a 400 (the client refuses it before sending).",
    "oneOf": [
      {
        "$ref": "#/components/schemas/ResponseFunctionTool"
      },
      {
        "$ref": "#/components/schemas/ResponseMcpTool"
      }
    ]
  },
  "ResponseTextFormat": {
    "description": "Accepted but not enforced by LM Studio (#1396,",
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
          "name",
          "schema"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "json_schema"
          },
          "name": {
            "type": "string"
          },
          "description": {
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
    ]
  },
  "ResponseRequest": {
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
              "$ref": "#/components/schemas/ResponseInputItem"
            }
          }
        ]
      },
      "instructions": {
        "type": "string"
      },
      "tools": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ResponseTool"
        }
      },
      "tool_choice": {
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
              "name"
            ],
            "properties": {
              "type": {
                "type": "string",
                "const": "function"
              },
              "name": {
                "type": "string"
              }
            }
          }
        ]
      },
      "parallel_tool_calls": {
        "type": "boolean"
      },
      "reasoning": {
        "type": "object",
        "properties": {
          "effort": {
            "type": "string",
            "enum": [
              "none",
              "minimal",
              "low",
              "medium",
              "high",
              "xhigh"
            ]
          }
        }
      },
      "max_output_tokens": {
        "type": "integer",
        "minimum": 1
      },
      "temperature": {
        "type": "number"
      },
      "top_p": {
        "type": "number"
      },
      "top_k": {
        "type": "integer"
      },
      "presence_penalty": {
        "type": "number"
      },
      "frequency_penalty": {
        "type": "number"
      },
      "seed": {
        "type": "integer"
      },
      "text": {
        "type": "object",
        "description": "`{}` without `format` is a 400 (#1576): never sent.",
        "required": [
          "format"
        ],
        "properties": {
          "format": {
            "$ref": "#/components/schemas/ResponseTextFormat"
          }
        }
      },
      "previous_response_id": {
        "type": "string",
        "description": "The `id` of an earlier response; unknown ids fail with `previous_response_not_found`."
      },
      "store": {
        "type": "boolean",
        "description": "Default true; a response that is not stored cannot be continued."
      },
      "stream": {
        "type": "boolean"
      },
      "truncation": {
        "type": "string"
      },
      "metadata": {
        "type": "object",
        "additionalProperties": {
          "type": "string"
        }
      },
      "user": {
        "type": "string"
      },
      "ttl": {
        "type": "integer",
        "minimum": 1
      }
    }
  },
  "ResponseOutputMessage": {
    "type": "object",
    "required": [
      "type",
      "content"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "message"
      },
      "id": {
        "type": "string"
      },
      "role": {
        "type": "string",
        "const": "assistant"
      },
      "status": {
        "type": "string"
      },
      "content": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ResponseOutputText"
        }
      }
    }
  },
  "ResponseReasoningText": {
    "type": "object",
    "required": [
      "type",
      "text"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "reasoning_text"
      },
      "text": {
        "type": "string"
      }
    }
  },
  "ResponseReasoning": {
    "type": "object",
    "required": [
      "type"
    ],
    "description": "`summary` is always `[]`; the text is in `content`. No `status` in 0.3.31.",
    "properties": {
      "type": {
        "type": "string",
        "const": "reasoning"
      },
      "id": {
        "type": "string"
      },
      "status": {
        "type": "string"
      },
      "summary": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": true
        }
      },
      "content": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ResponseReasoningText"
        }
      }
    }
  },
  "ResponseOutputItem": {
    "oneOf": [
      {
        "$ref": "#/components/schemas/ResponseOutputMessage"
      },
      {
        "$ref": "#/components/schemas/ResponseReasoning"
      },
      {
        "$ref": "#/components/schemas/ResponseFunctionCall"
      },
      {
        "type": "object",
        "required": [
          "type"
        ],
        "description": "MCP items (`mcp_call`, `mcp_list_tools`) as OpenAI defines them; kept as they come.",
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "mcp_call",
              "mcp_list_tools",
              "mcp_approval_request"
            ]
          }
        }
      }
    ]
  },
  "ResponseUsage": {
    "type": "object",
    "required": [
      "input_tokens",
      "output_tokens",
      "total_tokens"
    ],
    "properties": {
      "input_tokens": {
        "type": "integer"
      },
      "output_tokens": {
        "type": "integer"
      },
      "total_tokens": {
        "type": "integer"
      },
      "input_tokens_details": {
        "type": "object",
        "properties": {
          "cached_tokens": {
            "type": "integer"
          }
        }
      },
      "output_tokens_details": {
        "type": "object",
        "properties": {
          "reasoning_tokens": {
            "type": "integer"
          }
        }
      }
    }
  },
  "ResponseObject": {
    "type": "object",
    "required": [
      "id",
      "status",
      "output"
    ],
    "description": "Lenient: fields appeared over versions (`completed_at`, reasoning `status`, `annotations`). Every response\nechoes the sampling fields, `store`, `service_tier` and `background`.\n",
    "properties": {
      "id": {
        "type": "string",
        "description": "`resp_` + 48 hex."
      },
      "object": {
        "type": "string",
        "const": "response"
      },
      "created_at": {
        "type": "integer"
      },
      "completed_at": {
        "type": [
          "integer",
          "null"
        ]
      },
      "status": {
        "type": "string",
        "description": "`completed`, `in_progress`, `incomplete`, `failed`."
      },
      "model": {
        "type": "string"
      },
      "previous_response_id": {
        "type": [
          "string",
          "null"
        ]
      },
      "output": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ResponseOutputItem"
        }
      },
      "usage": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/ResponseUsage"
          },
          {
            "type": "null"
          }
        ]
      },
      "error": {
        "oneOf": [
          {
            "type": "null"
          },
          {
            "type": "object",
            "required": [
              "message"
            ],
            "properties": {
              "code": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "message": {
                "type": "string"
              }
            }
          }
        ]
      },
      "incomplete_details": {
        "oneOf": [
          {
            "type": "null"
          },
          {
            "type": "object",
            "properties": {
              "reason": {
                "type": "string"
              }
            }
          }
        ]
      }
    }
  },
  "ResponseLifecycleEvent": {
    "type": "object",
    "required": [
      "type",
      "response"
    ],
    "properties": {
      "type": {
        "type": "string",
        "enum": [
          "response.created",
          "response.in_progress",
          "response.completed",
          "response.failed",
          "response.incomplete"
        ]
      },
      "response": {
        "$ref": "#/components/schemas/ResponseObject"
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseOutputItemEvent": {
    "type": "object",
    "required": [
      "type",
      "output_index",
      "item"
    ],
    "properties": {
      "type": {
        "type": "string",
        "enum": [
          "response.output_item.added",
          "response.output_item.done"
        ]
      },
      "output_index": {
        "type": "integer"
      },
      "item": {
        "$ref": "#/components/schemas/ResponseOutputItem"
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseContentPartEvent": {
    "type": "object",
    "required": [
      "type",
      "item_id",
      "part"
    ],
    "properties": {
      "type": {
        "type": "string",
        "enum": [
          "response.content_part.added",
          "response.content_part.done"
        ]
      },
      "item_id": {
        "type": "string"
      },
      "output_index": {
        "type": "integer"
      },
      "content_index": {
        "type": "integer"
      },
      "part": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/ResponseOutputText"
          },
          {
            "$ref": "#/components/schemas/ResponseReasoningText"
          }
        ]
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseTextDeltaEvent": {
    "type": "object",
    "required": [
      "type",
      "delta"
    ],
    "properties": {
      "type": {
        "type": "string",
        "enum": [
          "response.output_text.delta",
          "response.reasoning_text.delta",
          "response.function_call_arguments.delta"
        ]
      },
      "item_id": {
        "type": "string"
      },
      "output_index": {
        "type": "integer"
      },
      "content_index": {
        "type": "integer"
      },
      "delta": {
        "type": "string"
      },
      "logprobs": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": true
        }
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseTextDoneEvent": {
    "type": "object",
    "required": [
      "type"
    ],
    "description": "`text` for output and reasoning text; `arguments` for a function call (LM Studio sends only `.done`).",
    "properties": {
      "type": {
        "type": "string",
        "enum": [
          "response.output_text.done",
          "response.reasoning_text.done",
          "response.function_call_arguments.done"
        ]
      },
      "item_id": {
        "type": "string"
      },
      "output_index": {
        "type": "integer"
      },
      "content_index": {
        "type": "integer"
      },
      "text": {
        "type": "string"
      },
      "arguments": {
        "type": "string"
      },
      "logprobs": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": true
        }
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseErrorEvent": {
    "type": "object",
    "required": [
      "type",
      "message"
    ],
    "properties": {
      "type": {
        "type": "string",
        "const": "error"
      },
      "code": {
        "type": [
          "string",
          "null"
        ]
      },
      "message": {
        "type": "string"
      },
      "param": {
        "type": [
          "string",
          "null"
        ]
      },
      "sequence_number": {
        "type": "integer"
      }
    }
  },
  "ResponseStreamEvent": {
    "description": "The data of one named event of a Responses stream. Unknown event names are ignorable (OpenAI adds them).\n",
    "oneOf": [
      {
        "$ref": "#/components/schemas/ResponseLifecycleEvent"
      },
      {
        "$ref": "#/components/schemas/ResponseOutputItemEvent"
      },
      {
        "$ref": "#/components/schemas/ResponseContentPartEvent"
      },
      {
        "$ref": "#/components/schemas/ResponseTextDeltaEvent"
      },
      {
        "$ref": "#/components/schemas/ResponseTextDoneEvent"
      },
      {
        "$ref": "#/components/schemas/ResponseErrorEvent"
      }
    ]
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
  "UsageV0": {
    "description": "`Usage`, plus speculative-decoding draft token counts (seen in 0.4.24 `/api/v0` replies).",
    "allOf": [
      {
        "$ref": "#/components/schemas/Usage"
      },
      {
        "type": "object",
        "properties": {
          "total_draft_tokens_count": {
            "type": "integer"
          },
          "accepted_draft_tokens_count": {
            "type": "integer"
          },
          "rejected_draft_tokens_count": {
            "type": "integer"
          }
        }
      }
    ]
  },
  "GenerationStatsV0": {
    "type": "object",
    "description": "Generation statistics of an `/api/v0` completion. Every field is optional: with speculative decoding the\n`/v1/chat/completions` `stats` (0.4.23+) holds only the draft token counts.\n",
    "properties": {
      "tokens_per_second": {
        "type": "number"
      },
      "time_to_first_token": {
        "type": "number",
        "description": "Seconds (millisecond precision in 0.3.x, microsecond in 0.4.24)."
      },
      "generation_time": {
        "type": "number",
        "description": "Seconds."
      },
      "stop_reason": {
        "type": "string",
        "description": "Seen `eosFound`, `maxPredictedTokensReached`; open so that new reasons do not break clients."
      },
      "total_draft_tokens_count": {
        "type": "integer"
      },
      "accepted_draft_tokens_count": {
        "type": "integer"
      },
      "rejected_draft_tokens_count": {
        "type": "integer"
      }
    }
  },
  "ModelInfoV0": {
    "type": "object",
    "description": "The model that answered, as loaded.",
    "properties": {
      "arch": {
        "type": "string",
        "description": "Seen `phi3`, `granite`, `qwen35`."
      },
      "quant": {
        "type": "string",
        "description": "Seen `Q4_K_M`, `Q8_K_XL`."
      },
      "format": {
        "type": "string",
        "description": "Seen `gguf`."
      },
      "context_length": {
        "type": "integer",
        "description": "The loaded context length, not the model's maximum."
      }
    }
  },
  "RuntimeV0": {
    "type": "object",
    "description": "The inference runtime (engine) that served the request.",
    "properties": {
      "name": {
        "type": "string",
        "description": "E.g. `llama.cpp-mac-arm64-apple-metal-advsimd`."
      },
      "version": {
        "type": "string"
      },
      "supported_formats": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
  "ChatCompletionResponseV0": {
    "type": "object",
    "description": "`POST /api/v0/chat/completions`: the OpenAI-compatible completion plus `stats`, `model_info`, `runtime`.",
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
        "type": "string"
      },
      "choices": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/ChatCompletionChoice"
        }
      },
      "usage": {
        "$ref": "#/components/schemas/UsageV0"
      },
      "stats": {
        "$ref": "#/components/schemas/GenerationStatsV0"
      },
      "model_info": {
        "$ref": "#/components/schemas/ModelInfoV0"
      },
      "runtime": {
        "$ref": "#/components/schemas/RuntimeV0"
      },
      "system_fingerprint": {
        "type": "string"
      }
    }
  },
  "CompletionResponseV0": {
    "type": "object",
    "description": "`POST /api/v0/completions`: the OpenAI-compatible text completion plus `stats`, `model_info`, `runtime`.",
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
        "$ref": "#/components/schemas/UsageV0"
      },
      "stats": {
        "$ref": "#/components/schemas/GenerationStatsV0"
      },
      "model_info": {
        "$ref": "#/components/schemas/ModelInfoV0"
      },
      "runtime": {
        "$ref": "#/components/schemas/RuntimeV0"
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
