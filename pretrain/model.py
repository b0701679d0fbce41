"""shapes-vlm in PyTorch: the Idefics3 / SmolVLM layout with Hugging Face's tensor names.

One readable file in the spirit of nanoGPT. It is the same model as the engine's (src/engine/vision,
src/engine/llama, src/engine/vlm): a SigLIP-like ViT, the Idefics3 pixel-shuffle connector and a Llama
decoder. `state_dict()` keys are exactly the names in public/models/shapes-vlm/model.safetensors, so
the file loads strictly and the ONNX exporter (npm run pretrain -- export) reads what this writes.
The parity test (src/pretraining/torch-parity.test.ts) keeps the two implementations one model.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class LoraLinear(nn.Linear):
    """y = x·Wᵀ (+ b) + scale·(x·Aᵀ)·Bᵀ when an adapter is attached (PEFT's meaning; no dropout here)."""

    lora_A = None
    lora_B = None
    lora_scale = 0.0

    def forward(self, x):
        y = super().forward(x)
        if self.lora_A is not None:
            y = y + self.lora_scale * F.linear(F.linear(x, self.lora_A), self.lora_B)
        return y


# ----------------------------------------------------------------------------------------- vision
class VisionAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj, self.out_proj = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, x):
        B, T, D = x.shape
        split = lambda t: t.view(B, T, self.heads, D // self.heads).transpose(1, 2)
        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D // self.heads), dim=-1)
        return self.out_proj((att @ v).transpose(1, 2).reshape(B, T, D))


class VisionMlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class VisionLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.self_attn = VisionAttention(c["hidden_size"], c["num_attention_heads"])
        self.layer_norm2 = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.mlp = VisionMlp(c["hidden_size"], c["intermediate_size"])

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class VisionEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        patches = (c["image_size"] // c["patch_size"]) ** 2
        self.patch_embedding = nn.Conv2d(c.get("num_channels", 3), c["hidden_size"], c["patch_size"], c["patch_size"])
        self.position_embedding = nn.Embedding(patches, c["hidden_size"])

    def forward(self, pixels):
        x = self.patch_embedding(pixels).flatten(2).transpose(1, 2)  # [N, patches, D], row-major grid
        return x + self.position_embedding.weight


class VisionEncoder(nn.Module):
    """Idefics3VisionTransformer: every image is the full square, so position ids are 0…patches−1."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = VisionEmbeddings(c)
        self.encoder = nn.Module()
        self.encoder.layers = nn.ModuleList(VisionLayer(c) for _ in range(c["num_hidden_layers"]))
        self.post_layernorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, pixels):
        x = self.embeddings(pixels)
        for layer in self.encoder.layers:
            x = layer(x)
        return self.post_layernorm(x)


def pixel_shuffle(x, s):
    """[N, seq, D] → [N, seq/s², D·s²]: each s×s patch neighbourhood becomes one token (HF's order)."""
    n, seq, d = x.shape
    side = math.isqrt(seq)
    return x.view(n, side // s, s, side // s, s, d).permute(0, 1, 3, 2, 4, 5).reshape(n, seq // s**2, d * s * s)


# ----------------------------------------------------------------------------------------- text
class RmsNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary(positions, head_dim, theta):
    """cos, sin [B, T, 1, head_dim] in HF's rotate_half layout (each frequency twice)."""
    inv = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    angles = positions.float()[..., None] * inv
    doubled = torch.cat([angles, angles], -1)[:, :, None, :]
    return doubled.cos(), doubled.sin()


def rotate(x, cos, sin):
    x1, x2 = x.chunk(2, -1)
    return x * cos + torch.cat([-x2, x1], -1) * sin


class TextAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, self.heads, self.kv = c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"]
        self.hd = c.get("head_dim") or d // self.heads
        self.q_proj = LoraLinear(d, self.heads * self.hd, bias=False)
        self.k_proj = LoraLinear(d, self.kv * self.hd, bias=False)
        self.v_proj = LoraLinear(d, self.kv * self.hd, bias=False)
        self.o_proj = LoraLinear(self.heads * self.hd, d, bias=False)

    def forward(self, x, cos, sin, bias):
        B, T, _ = x.shape
        q = rotate(self.q_proj(x).view(B, T, self.heads, self.hd), cos, sin).transpose(1, 2)
        k = rotate(self.k_proj(x).view(B, T, self.kv, self.hd), cos, sin).transpose(1, 2)
        v = self.v_proj(x).view(B, T, self.kv, self.hd).transpose(1, 2)
        groups = self.heads // self.kv  # HF's repeat_kv
        k, v = k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.hd) + bias, dim=-1)
        return self.o_proj((att @ v).transpose(1, 2).reshape(B, T, self.heads * self.hd))


class TextMlp(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, h = c["hidden_size"], c["intermediate_size"]
        self.gate_proj, self.up_proj = LoraLinear(d, h, bias=False), LoraLinear(d, h, bias=False)
        self.down_proj = LoraLinear(h, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class TextLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RmsNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = TextAttention(c)
        self.post_attention_layernorm = RmsNorm(c["hidden_size"], c["rms_norm_eps"])
        self.mlp = TextMlp(c)

    def forward(self, x, cos, sin, bias):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, bias)
        return x + self.mlp(self.post_attention_layernorm(x))


class TextModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.layers = nn.ModuleList(TextLayer(c) for _ in range(c["num_hidden_layers"]))
        self.norm = RmsNorm(c["hidden_size"], c["rms_norm_eps"])

    def forward(self, embeds, positions, bias):
        c = self.config
        cos, sin = rotary(positions, c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"], c["rope_theta"])
        for layer in self.layers:
            embeds = layer(embeds, cos, sin, bias)
        return self.norm(embeds)


MASKED_BIAS = -1e9  # the engine's stand-in for −∞ (a fully masked row stays finite)


def causal_bias(attention_mask):
    """[B, T] (1 token, 0 padding) → additive bias [B, 1, T, T]: causal, padding keys masked."""
    T = attention_mask.shape[1]
    allowed = torch.tril(torch.ones(T, T)) * attention_mask[:, None, :].float()
    return ((1 - allowed) * MASKED_BIAS)[:, None]


# ----------------------------------------------------------------------------------------- the VLM
class ShapesVlm(nn.Module):
    """Idefics3ForConditionalGeneration's parameters: model.vision_model, model.connector, model.text_model, lm_head."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        text, vision = config["text_config"], config["vision_config"]
        self.model = nn.Module()
        self.model.vision_model = VisionEncoder(vision)
        self.model.connector = nn.Module()
        self.model.connector.modality_projection = nn.Module()
        width = vision["hidden_size"] * config["scale_factor"] ** 2
        self.model.connector.modality_projection.proj = nn.Linear(width, text["hidden_size"], bias=False)
        self.model.text_model = TextModel(text)
        self.lm_head = nn.Linear(text["hidden_size"], config["vocab_size"], bias=False)

    def image_features(self, pixels):
        """pixel_values [N, 3, S, S] → image tokens [N, image_seq_len, text hidden]."""
        features = pixel_shuffle(self.model.vision_model(pixels), self.config["scale_factor"])
        return self.model.connector.modality_projection.proj(features)

    def input_embeds(self, input_ids, pixels):
        """Token embeddings with the image features in place of the `<image>` tokens, image after image."""
        embeds = self.model.text_model.embed_tokens(input_ids)
        is_image = input_ids == self.config["image_token_id"]
        if pixels is None:
            return embeds
        features = self.image_features(pixels).reshape(-1, embeds.shape[-1])
        return embeds.masked_scatter(is_image[..., None], features.to(embeds.dtype))

    def hidden(self, input_ids, pixels, attention_mask=None, positions=None, bias=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if positions is None:
            positions = torch.arange(input_ids.shape[1])[None].expand_as(input_ids)
        if bias is None:
            bias = causal_bias(attention_mask)
        return self.model.text_model(self.input_embeds(input_ids, pixels), positions, bias)

    def forward(self, input_ids, pixels, attention_mask=None):
        return self.lm_head(self.hidden(input_ids, pixels, attention_mask))

    # ------------------------------------------------------------------------------------- LoRA
    def attach_lora(self, factors, scale):
        """factors: `<module path>.lora_A.weight` / `.lora_B.weight` → tensors (the engine's and PEFT's keys)."""
        for name, module in self.named_modules():
            if isinstance(module, LoraLinear) and f"{name}.lora_A.weight" in factors:
                module.lora_A, module.lora_B = factors[f"{name}.lora_A.weight"], factors[f"{name}.lora_B.weight"]
                module.lora_scale = scale


def init_weights(model, std=0.02):
    """Normal(0, std) linears and embeddings, unit norms, zero biases (HF's _init_weights for these modules)."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.normal_(module.weight, std=std)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, std=std)
        elif isinstance(module, (nn.LayerNorm, RmsNorm)):
            nn.init.ones_(module.weight)
            if getattr(module, "bias", None) is not None:
                nn.init.zeros_(module.bias)
