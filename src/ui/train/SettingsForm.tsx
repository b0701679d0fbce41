import type { ComponentProps } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PreferenceLossKind } from '../../engine/dpo/dpo-options';
import { LORA_TARGETS, PREFERENCE_LOSSES } from '../../workers/training-client';
import { useTrainStore, type TrainingDevicePick } from '../../state/train-store';
import { NumberField } from '../common/NumberField';

/** A hyper-parameter's number field: any step unless told, and only finite numbers reach the settings. */
function SettingField({
  step,
  onChange,
  ...field
}: Omit<ComponentProps<typeof NumberField>, 'onChange' | 'step'> & { step?: number; onChange: (v: number) => void }) {
  return (
    <NumberField
      {...field}
      step={step ?? 'any'}
      onChange={(text) => {
        const v = Number(text);
        if (Number.isFinite(v)) onChange(v);
      }}
    />
  );
}

/** Where training runs: auto (a short probe, once per page) or forced. */
function DeviceField() {
  const { device, setDevice } = useTrainStore(useShallow(({ device, setDevice }) => ({ device, setDevice })));
  return (
    <label title="auto: a short test of WebGPU, once per page, decides; webgpu or wasm force it">
      Device
      <select
        value={device}
        onChange={(e) => setDevice(e.target.value as TrainingDevicePick)}
        data-testid="train-device"
      >
        <option value="auto">auto</option>
        <option value="webgpu">webgpu</option>
        <option value="wasm">wasm</option>
      </select>
    </label>
  );
}

/** LoRA-DPO hyper-parameters; the defaults work for shapes-vlm and are kept across reloads. */
export function SettingsForm({ disabled }: { disabled: boolean }) {
  const { settings, checkpointEvery, setSettings, setLora, setCheckpointEvery } = useTrainStore(
    useShallow(({ settings, checkpointEvery, setSettings, setLora, setCheckpointEvery }) => ({
      settings,
      checkpointEvery,
      setSettings,
      setLora,
      setCheckpointEvery,
    })),
  );
  const { lora } = settings;
  return (
    <fieldset className="controls train-settings" disabled={disabled}>
      <DeviceField />
      <label>
        Loss
        <select
          value={settings.loss}
          onChange={(e) => setSettings({ loss: e.target.value as PreferenceLossKind })}
          data-testid="train-loss"
        >
          {PREFERENCE_LOSSES.map((loss) => (
            <option key={loss}>{loss}</option>
          ))}
        </select>
      </label>
      <SettingField label="β" value={settings.beta} step={0.05} min={0} onChange={(beta) => setSettings({ beta })} />
      <SettingField
        label="SFT weight (rpo α)"
        value={settings.sftWeight ?? 0}
        step={0.1}
        min={0}
        onChange={(v) => setSettings({ sftWeight: Math.max(0, v) })}
        testId="train-sft-weight"
      />
      <SettingField
        label="Steps"
        value={settings.totalSteps}
        step={1}
        min={1}
        onChange={(v) => setSettings({ totalSteps: Math.max(1, Math.round(v)) })}
        testId="train-steps"
      />
      <SettingField
        label="Pairs per step"
        value={settings.batchSize}
        step={1}
        min={1}
        onChange={(v) => setSettings({ batchSize: Math.max(1, Math.round(v)) })}
        testId="train-batch"
      />
      <SettingField
        label="Accumulation"
        value={settings.accumulation}
        step={1}
        min={1}
        onChange={(v) => setSettings({ accumulation: Math.max(1, Math.round(v)) })}
      />
      <SettingField
        label="Learning rate"
        value={settings.peakLr}
        onChange={(peakLr) => setSettings({ peakLr })}
        testId="train-lr"
      />
      <label>
        Schedule
        <select
          value={settings.schedule}
          onChange={(e) => setSettings({ schedule: e.target.value as 'cosine' | 'constant' })}
        >
          <option>cosine</option>
          <option>constant</option>
        </select>
      </label>
      <SettingField
        label="Warmup steps"
        value={settings.warmupSteps}
        step={1}
        min={0}
        onChange={(v) => setSettings({ warmupSteps: Math.max(0, Math.round(v)) })}
        testId="train-warmup"
      />
      <SettingField
        label="Grad clip"
        value={settings.maxGradNorm}
        min={0}
        onChange={(maxGradNorm) => setSettings({ maxGradNorm })}
      />
      <SettingField
        label="Seed"
        value={settings.seed}
        step={1}
        min={0}
        onChange={(v) => setSettings({ seed: Math.max(0, Math.round(v)) })}
      />
      <SettingField
        label="LoRA rank"
        value={lora.r}
        step={1}
        min={1}
        onChange={(v) => setLora({ r: Math.max(1, Math.round(v)) })}
      />
      <SettingField label="LoRA alpha" value={lora.alpha} min={0} onChange={(alpha) => setLora({ alpha })} />
      <SettingField
        label="LoRA dropout"
        value={lora.dropout}
        step={0.05}
        min={0}
        onChange={(dropout) => setLora({ dropout: Math.min(0.9, Math.max(0, dropout)) })}
      />
      <label className="checkbox">
        <input type="checkbox" checked={lora.rslora} onChange={(e) => setLora({ rslora: e.target.checked })} /> rsLoRA
      </label>
      <SettingField
        label="Checkpoint every"
        value={checkpointEvery}
        step={1}
        min={1}
        onChange={(v) => setCheckpointEvery(Math.max(1, Math.round(v)))}
        testId="train-checkpoint-every"
      />
      <div className="targets">
        Targets
        {LORA_TARGETS.map((target) => (
          <label key={target} className="checkbox">
            <input
              type="checkbox"
              checked={lora.targets.includes(target)}
              onChange={(e) =>
                setLora({
                  targets: LORA_TARGETS.filter((t) => (t === target ? e.target.checked : lora.targets.includes(t))),
                })
              }
            />
            {target}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
