/** Whether a key press belongs to a form field, where shortcuts must not fire. */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
