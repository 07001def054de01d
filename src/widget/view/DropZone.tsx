// The drop target: a labelled, focusable control that opens the file picker on click, Enter or
// Space, accepts dropped files and pasted files, and says when a file is about to be chosen.
import { useRef, useState } from 'preact/hooks';
import { t } from '../../core/i18n';

export interface DropZoneProps {
  locale: string;
  accept: string;
  multiple: boolean;
  slotLabel?: string;
  /** The name of the file already in this slot: a new one replaces it, and the prompt says so. */
  replaces?: string;
  optional?: boolean;
  hint?: string;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
  /** The customer is about to choose a file (pointed at, focused, dragged over, opened). */
  onIntent?: () => void;
}

export function filesFrom(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

export function DropZone(props: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  // The visible prompt is the control's name (what you see is what a screen reader says).
  const [hintId] = useState(() => `fc-hint-${Math.random().toString(36).slice(2, 9)}`);
  const { locale } = props;
  const prompt = props.replaces !== undefined
    ? t('ui.dropzone.replacePrompt', { slot: props.slotLabel ?? '', name: props.replaces }, locale)
    : props.slotLabel
      ? t('ui.dropzone.slotPrompt', { slot: props.slotLabel }, locale)
      : t('ui.dropzone.prompt', {}, locale);

  const intent = () => {
    if (!props.disabled) props.onIntent?.();
  };
  const open = () => {
    intent();
    if (!props.disabled) input.current?.click();
  };

  return (
    <div
      class={`dropzone${over ? ' dropzone--over' : ''}`}
      part="dropzone"
      role="button"
      tabIndex={0}
      aria-describedby={props.hint ? hintId : undefined}
      aria-disabled={props.disabled ? 'true' : undefined}
      data-slot={props.slotLabel ?? undefined}
      onClick={open}
      onPointerEnter={intent}
      onFocus={intent}
      onDragEnter={intent}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = filesFrom(e.dataTransfer?.files);
        if (files.length) props.onFiles(files);
      }}
      onPaste={(e) => {
        const files = filesFrom(e.clipboardData?.files);
        if (files.length) {
          e.preventDefault();
          props.onFiles(files);
        }
      }}
    >
      <span class="dropzone__icon" aria-hidden="true">⬆</span>
      <span class="dropzone__prompt">{prompt}</span>
      {props.optional ? <span class="dropzone__optional"> ({t('ui.dropzone.optional', {}, locale)})</span> : null}
      {props.hint ? (
        <span class="dropzone__hint" id={hintId}>
          {props.hint}
        </span>
      ) : null}
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        accept={props.accept}
        multiple={props.multiple}
        onChange={(e) => {
          const el = e.currentTarget;
          const files = filesFrom(el.files);
          el.value = '';
          if (files.length) props.onFiles(files);
        }}
      />
    </div>
  );
}
