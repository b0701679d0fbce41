import type { Tensor } from '@huggingface/transformers';
import type { LoadedVlm } from './load-model';
import type { ModelInputs } from './prompt-inputs';

/**
 * The vision encoder's output for the processor's pixels: [tiles · image_seq_len, hidden] rows, in
 * the order the prompt's `<image>` tokens take them. float32 whatever the encoder's dtype.
 */
export async function imageFeatures(
  vlm: LoadedVlm,
  inputs: ModelInputs,
): Promise<{ data: Float32Array; dims: number[] }> {
  const model = vlm.model as unknown as { encode_image(inputs: ModelInputs): Promise<Tensor> };
  const features = (
    await model.encode_image({ pixel_values: inputs.pixel_values!, pixel_attention_mask: inputs.pixel_attention_mask! })
  ).to('float32');
  return { data: features.data as Float32Array, dims: [...features.dims] };
}
