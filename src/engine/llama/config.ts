/**
 * A Llama decoder's hyper-parameters, with the field names of a Hugging Face `config.json`, so a
 * Hub config (SmolLM2, or SmolVLM's `text_config`) can be passed in as parsed.
 */
export interface LlamaConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  /** Fewer than `num_attention_heads` means grouped-query attention. */
  num_key_value_heads: number;
  /** Defaults to hidden_size / num_attention_heads. */
  head_dim?: number;
  rms_norm_eps: number;
  rope_theta: number;
  /** When true the output projection is `embed_tokens.weight` and there is no `lm_head.weight`. */
  tie_word_embeddings: boolean;
  max_position_embeddings: number;
  /** Standard deviation of freshly initialised weights; Hugging Face's default is 0.02. */
  initializer_range?: number;
}

export function headDimOf(config: LlamaConfig): number {
  return config.head_dim ?? config.hidden_size / config.num_attention_heads;
}

/** Tensor names of one decoder layer. */
export interface LlamaLayerNames {
  qProj: string;
  kProj: string;
  vProj: string;
  oProj: string;
  gateProj: string;
  upProj: string;
  downProj: string;
  inputLayernorm: string;
  postAttentionLayernorm: string;
}

/** Maps the decoder's logical weights to the tensor names of a checkpoint. */
export interface LlamaNames {
  embedTokens: string;
  layer(index: number): LlamaLayerNames;
  norm: string;
  lmHead: string;
}

/**
 * Tensor names under `prefix`: `model.` for a Llama/SmolLM2 checkpoint, `model.text_model.` for the
 * text decoder of SmolVLM (Idefics3). Both keep the output projection at `lm_head.weight`.
 */
export function llamaNames(prefix = 'model.', lmHead = 'lm_head.weight'): LlamaNames {
  return {
    embedTokens: `${prefix}embed_tokens.weight`,
    layer(index) {
      const layer = `${prefix}layers.${index}.`;
      return {
        qProj: `${layer}self_attn.q_proj.weight`,
        kProj: `${layer}self_attn.k_proj.weight`,
        vProj: `${layer}self_attn.v_proj.weight`,
        oProj: `${layer}self_attn.o_proj.weight`,
        gateProj: `${layer}mlp.gate_proj.weight`,
        upProj: `${layer}mlp.up_proj.weight`,
        downProj: `${layer}mlp.down_proj.weight`,
        inputLayernorm: `${layer}input_layernorm.weight`,
        postAttentionLayernorm: `${layer}post_attention_layernorm.weight`,
      };
    },
    norm: `${prefix}norm.weight`,
    lmHead,
  };
}

/** The name of the output projection's weight: the embedding matrix when tied. */
export function outputWeightName(config: LlamaConfig, names: LlamaNames): string {
  return config.tie_word_embeddings ? names.embedTokens : names.lmHead;
}
