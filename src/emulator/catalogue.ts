// The emulated model catalogue: downloaded models, loaded instances, JIT loading and the three model listings.
import type { ToolQuirk } from './scripted-model.js';
import type { EmulatedModel } from './types.js';

/** Chat models whose tool calling goes wrong the ways local models' does (see `ToolQuirk`); last in the catalogue. */
export const BAD_ARGS_MODEL = 'lmstudio-emulator/bad-args';
/** Emulated model that first call with truncated, unparseable JSON arguments. */
export const BAD_JSON_MODEL = 'lmstudio-emulator/bad-json';
/** Emulated model that repeats its calls once after a tool result. */
export const REPEATS_MODEL = 'lmstudio-emulator/repeats';
/** Emulated model that repeats its calls twice after a tool result. */
export const REPEATS_TWICE_MODEL = 'lmstudio-emulator/repeats-twice';
/** Emulated model that calls tools on every turn, never answers while tools are offered. */
export const TOOL_LOOP_MODEL = 'lmstudio-emulator/tool-loop';
/** Emulated model that writes calls as `<tool_call>{json}</tool_call>` text. */
export const TEXT_TOOL_CALL_MODEL = 'lmstudio-emulator/text-tool-call';
/** Emulated model that writes calls as `[TOOL_REQUEST]{json}[END_TOOL_REQUEST]` text. */
export const TEXT_TOOL_REQUEST_MODEL = 'lmstudio-emulator/text-tool-request';
/** Emulated model that writes calls as `<tools>` text. */
export const TEXT_TOOLS_MODEL = 'lmstudio-emulator/text-tools';
/** Emulated model that writes calls as `<function-call>{json}</function-call>` text. */
export const TEXT_FUNCTION_CALL_MODEL = 'lmstudio-emulator/text-function-call';
/** Emulated model that writes calls as `<function_call>{json}</function_call>` text. */
export const TEXT_FUNCTION_CALL_UNDERSCORE_MODEL = 'lmstudio-emulator/text-function-call-underscore';

/** Each quirky model's id and quirk, in catalogue order. */
export const QUIRK_MODELS: readonly { id: string; quirk: ToolQuirk; displayName: string }[] = [
  { id: BAD_ARGS_MODEL, quirk: 'bad-args', displayName: 'Emulator: bad arguments first' },
  { id: BAD_JSON_MODEL, quirk: 'bad-json', displayName: 'Emulator: truncated JSON arguments first' },
  { id: REPEATS_MODEL, quirk: 'repeats', displayName: 'Emulator: repeats a call once' },
  { id: REPEATS_TWICE_MODEL, quirk: 'repeats-twice', displayName: 'Emulator: repeats a call twice' },
  { id: TOOL_LOOP_MODEL, quirk: 'tool-loop', displayName: 'Emulator: calls tools forever' },
  { id: TEXT_TOOL_CALL_MODEL, quirk: 'text-tool-call', displayName: 'Emulator: <tool_call> as text' },
  { id: TEXT_TOOL_REQUEST_MODEL, quirk: 'text-tool-request', displayName: 'Emulator: [TOOL_REQUEST] as text' },
  { id: TEXT_TOOLS_MODEL, quirk: 'text-tools', displayName: 'Emulator: <tools> as text' },
  { id: TEXT_FUNCTION_CALL_MODEL, quirk: 'text-function-call', displayName: 'Emulator: <function-call> as text' },
  { id: TEXT_FUNCTION_CALL_UNDERSCORE_MODEL, quirk: 'text-function-call-underscore', displayName: 'Emulator: <function_call> as text' },
];

function quirkModel(entry: (typeof QUIRK_MODELS)[number], order: number): EmulatedModel {
  return {
    id: entry.id,
    type: 'llm',
    publisher: 'lmstudio-emulator',
    arch: 'llama',
    quantization: 'Q4_K_M',
    sizeBytes: 1_000_000_000 + order * 1_000_000,
    maxContextLength: 32_768,
    loadedContextLength: 8192,
    loaded: false,
    toolUse: true,
    vision: false,
    behaviour: 'normal',
    toolQuirk: entry.quirk,
    format: 'gguf',
    displayName: entry.displayName,
    paramsString: '1B',
  };
}

/** The default catalogue. The embedding model comes first (LM Studio mixes embedding models into `/v1/models`). */
export function defaultModels(): EmulatedModel[] {
  return [
    {
      id: 'text-embedding-nomic-embed-text-v1.5',
      type: 'embedding',
      publisher: 'nomic-ai',
      arch: 'nomic-bert',
      quantization: 'Q4_K_M',
      sizeBytes: 84_106_624,
      maxContextLength: 2048,
      loadedContextLength: 2048,
      loaded: false,
      toolUse: false,
      vision: false,
      format: 'gguf',
      displayName: 'Nomic Embed Text v1.5',
      paramsString: null,
      embeddingDimensions: 8,
    },
    {
      id: 'qwen/qwen3-4b-2507',
      type: 'llm',
      publisher: 'qwen',
      arch: 'qwen3',
      quantization: 'Q4_K_M',
      sizeBytes: 2_497_280_256,
      maxContextLength: 262_144,
      loadedContextLength: 8192,
      loaded: true,
      toolUse: true,
      vision: false,
      behaviour: 'normal',
      format: 'gguf',
      displayName: 'Qwen3 4B 2507',
      paramsString: '4B',
    },
    {
      id: 'google/gemma-4-e4b',
      type: 'vlm',
      publisher: 'google',
      arch: 'gemma4',
      quantization: '4bit',
      sizeBytes: 6_861_915_950,
      maxContextLength: 131_072,
      loadedContextLength: 131_072,
      loaded: false,
      toolUse: true,
      vision: true,
      reasoning: { allowed_options: ['off', 'on'], default: 'on' },
      behaviour: 'normal',
      format: 'mlx',
      displayName: 'Gemma 4 E4B',
      paramsString: '4B',
    },
    {
      id: 'qwen/qwen3.8-27b',
      type: 'vlm',
      publisher: 'qwen',
      arch: 'qwen3_5',
      quantization: '4bit',
      sizeBytes: 16_081_678_492,
      maxContextLength: 262_144,
      loadedContextLength: 32_768,
      loaded: false,
      toolUse: true,
      vision: true,
      reasoning: { allowed_options: ['off', 'low', 'medium', 'xhigh', 'on'], default: 'xhigh' },
      behaviour: 'reasoning',
      format: 'mlx',
      displayName: 'Qwen3.8 27B',
      paramsString: '27B',
    },
    {
      id: 'smollm2-135m-instruct',
      type: 'llm',
      publisher: 'HuggingFaceTB',
      arch: 'llama',
      quantization: 'Q8_0',
      sizeBytes: 144_807_968,
      maxContextLength: 8192,
      loadedContextLength: 512,
      loaded: false,
      toolUse: false,
      vision: false,
      behaviour: 'normal',
      format: 'gguf',
      displayName: 'SmolLM2 135M Instruct',
      paramsString: '135M',
    },
    ...QUIRK_MODELS.map(quirkModel),
  ];
}

/** LM Studio's default time-to-live of a JIT-loaded model, in seconds. */
export const JIT_DEFAULT_TTL_SECONDS = 3600;

export interface Instance {
  id: string;
  model: EmulatedModel;
  contextLength: number;
  /** Loaded just in time (evictable by the next JIT load of the same kind). */
  jit: boolean;
  ttlSeconds: number | null;
  config: Record<string, unknown>;
}

export function isEmbedding(model: EmulatedModel): boolean {
  return model.type === 'embedding';
}

function defaultContextLength(model: EmulatedModel): number {
  return model.loadedContextLength ?? Math.min(model.maxContextLength, 4096);
}

function bitsPerWeight(quantization: string): number | null {
  const m = /(?:^|[^0-9])([0-9]{1,2})(?:bit|_|$)/i.exec(quantization) ?? /^[A-Z]*?([0-9]{1,2})/i.exec(quantization);
  return m?.[1] ? Number(m[1]) : null;
}

/** `key@quant` with the quantization lower-cased, as LM Studio names variants (`gemma-3-27b-it@q4_k_m`). */
export function variantId(model: EmulatedModel): string {
  return `${model.id}@${model.quantization.toLowerCase()}`;
}

function displayNameOf(model: EmulatedModel): string {
  if (model.displayName) return model.displayName;
  const name = model.id.split('/').pop() ?? model.id;
  return name
    .split(/[-_]/)
    .map((w) => (w.length > 0 ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

export class Catalogue {
  readonly models: EmulatedModel[];
  private readonly instances: Instance[] = [];
  private readonly pendingLoads = new Map<EmulatedModel, Promise<Instance>>();

  constructor(
    models: readonly EmulatedModel[],
    readonly jit: boolean,
  ) {
    this.models = models.map((m) => structuredClone(m));
    for (const model of this.models) {
      if (model.loaded) this.addInstance(model, { jit: false, ttlSeconds: null });
    }
  }

  /** A downloaded model by key, or by `key@quantization` variant (case-insensitive). */
  findModel(id: string): EmulatedModel | undefined {
    const lower = id.toLowerCase();
    return (
      this.models.find((m) => m.id === id) ??
      this.models.find((m) => m.id.toLowerCase() === lower || variantId(m).toLowerCase() === lower)
    );
  }

  findInstance(id: string): Instance | undefined {
    return this.instances.find((i) => i.id === id) ?? this.instances.find((i) => i.id.toLowerCase() === id.toLowerCase());
  }

  instancesOf(model: EmulatedModel): Instance[] {
    return this.instances.filter((i) => i.model === model);
  }

  loadedInstances(): readonly Instance[] {
    return this.instances;
  }

  /** Loads a new instance. Explicit loads of an already-loaded model get `key:2`, `key:3`, … like LM Studio. */
  addInstance(
    model: EmulatedModel,
    opts: { jit: boolean; ttlSeconds: number | null; contextLength?: number; config?: Record<string, unknown> },
  ): Instance {
    if (opts.jit) {
      // Auto-evict: a new JIT load unloads the previous JIT-loaded model of the same kind.
      for (const other of this.instances.filter((i) => i.jit && isEmbedding(i.model) === isEmbedding(model))) {
        this.removeInstance(other.id);
      }
    }
    const taken = new Set(this.instances.map((i) => i.id));
    let id = model.id;
    for (let n = 2; taken.has(id); n++) id = `${model.id}:${n}`;
    const instance: Instance = {
      id,
      model,
      contextLength: opts.contextLength ?? defaultContextLength(model),
      jit: opts.jit,
      ttlSeconds: opts.ttlSeconds,
      config: opts.config ?? {},
    };
    this.instances.push(instance);
    return instance;
  }

  removeInstance(id: string): Instance | undefined {
    const at = this.instances.findIndex((i) => i.id === id);
    if (at < 0) return undefined;
    const [removed] = this.instances.splice(at, 1);
    return removed;
  }

  /**
   * The instance serving `model`, loading it just in time (after `wait`) when needed. Concurrent requests for the
   * same unloaded model share one load.
   */
  async ensureLoaded(model: EmulatedModel, wait: () => Promise<void>, ttlSeconds?: number): Promise<Instance> {
    const existing = this.instancesOf(model)[0];
    if (existing) return existing;
    let pending = this.pendingLoads.get(model);
    if (!pending) {
      pending = (async () => {
        try {
          await wait();
          return this.instancesOf(model)[0] ?? this.addInstance(model, { jit: true, ttlSeconds: ttlSeconds ?? JIT_DEFAULT_TTL_SECONDS });
        } finally {
          this.pendingLoads.delete(model);
        }
      })();
      this.pendingLoads.set(model, pending);
    }
    return pending;
  }

  /** Example ids for the "Invalid model identifier" message. */
  exampleIds(count = 3): string[] {
    return this.models.filter((m) => !isEmbedding(m)).slice(0, count).map((m) => m.id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Listings, with LM Studio's key order.

  /** `GET /v1/models`: every downloaded model with JIT on, only loaded instances with JIT off. */
  listOpenAi(): unknown {
    const ids: string[] = [];
    if (this.jit) {
      for (const m of this.models) {
        ids.push(m.id);
        for (const extra of this.instancesOf(m).filter((i) => i.id !== m.id)) ids.push(extra.id);
      }
    } else {
      for (const i of this.instances) ids.push(i.id);
    }
    return { data: ids.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })), object: 'list' };
  }

  /** `GET /api/v0/models`. */
  listV0(): unknown {
    return { data: this.models.map((m) => this.modelV0(m)), object: 'list' };
  }

  modelV0(m: EmulatedModel): Record<string, unknown> {
    const instance = this.instancesOf(m)[0];
    const out: Record<string, unknown> = {
      id: m.id,
      object: 'model',
      type: m.type === 'embedding' ? 'embeddings' : m.type,
      publisher: m.publisher,
      arch: m.arch,
      compatibility_type: m.format ?? 'gguf',
      quantization: m.quantization,
      state: instance ? 'loaded' : 'not-loaded',
      max_context_length: m.maxContextLength,
    };
    if (instance) out['loaded_context_length'] = instance.contextLength;
    if (m.toolUse && !isEmbedding(m)) out['capabilities'] = ['tool_use'];
    return out;
  }

  /** `GET /api/v1/models`. */
  listV1(): unknown {
    return { models: this.models.map((m) => this.modelV1(m)) };
  }

  modelV1(m: EmulatedModel): Record<string, unknown> {
    const embedding = isEmbedding(m);
    const out: Record<string, unknown> = {
      type: embedding ? 'embedding' : 'llm',
      publisher: m.publisher,
      key: m.id,
      display_name: displayNameOf(m),
    };
    if (!embedding) out['architecture'] = m.arch;
    out['quantization'] = { name: m.quantization, bits_per_weight: bitsPerWeight(m.quantization) };
    out['size_bytes'] = m.sizeBytes;
    out['params_string'] = m.paramsString ?? null;
    out['loaded_instances'] = this.instancesOf(m).map((i) => ({
      id: i.id,
      config: embedding
        ? { context_length: i.contextLength }
        : { context_length: i.contextLength, parallel: 4, reasoning_budget_message: '' },
      remaining_ttl_seconds: i.ttlSeconds,
    }));
    out['max_context_length'] = m.maxContextLength;
    out['format'] = m.format ?? 'gguf';
    if (!embedding) {
      const capabilities: Record<string, unknown> = { vision: m.vision, trained_for_tool_use: m.toolUse };
      if (m.reasoning) capabilities['reasoning'] = structuredClone(m.reasoning);
      out['capabilities'] = capabilities;
      out['description'] = null;
      out['variants'] = [variantId(m)];
      out['selected_variant'] = variantId(m);
    }
    return out;
  }
}
