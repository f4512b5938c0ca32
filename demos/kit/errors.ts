// Showing errors on a demo page: the message in a box, with the engine's option names respelled
// as the page's fields, and a lost GPU device offering a reload (demo.ts wires it). The error's
// class (RangeError, ModelSourceError) is left to the console: the engine's messages say what
// went wrong and what to do, and a reader of the page gains nothing from a JavaScript class name.

/** One error box (a <p class="error" role="alert">): show(error) fills it, clear() hides it. */
export class ErrorBox {
  private action: HTMLButtonElement | undefined;

  constructor(private readonly box: HTMLElement, private readonly rewrite: (message: string) => string = (m) => m) {
    box.classList.add('error');
    box.setAttribute('role', 'alert');
    box.hidden = true;
  }

  /**
   * Shows `error`; `action` adds a button after the message (e.g. "Reload the model"); `rename`
   * rewrites the message first, in the words of the part of the page that failed.
   */
  show(error: unknown, action?: { label: string; run: () => void }, rename: (message: string) => string = (m) => m): void {
    const e = error as Partial<Error>;
    this.box.textContent = this.rewrite(rename(e?.message ?? String(error)));
    if (action) {
      this.action = Object.assign(document.createElement('button'), { textContent: action.label, className: 'error-action' });
      this.action.addEventListener('click', action.run);
      this.box.append(' ', this.action);
    }
    this.box.hidden = false;
    uncover(document.activeElement, this.box);
    console.warn(error); // the stack, for whoever opens the console (a warning: the page has said it already)
  }

  clear(): void {
    this.box.hidden = true;
    this.box.textContent = '';
    this.action = undefined;
  }

  get shown(): boolean {
    return !this.box.hidden;
  }
}

/**
 * The control last pressed: Safari, and Firefox on macOS, do not focus a button on a click, so the
 * focused element alone does not say which one the user just used.
 */
let pressed: Element | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener('pointerdown', (e) => { pressed = e.target instanceof Element ? e.target.closest('button, input, select, textarea, label') : null; }, { capture: true });
}

/**
 * The page's box sticks to the window's bottom (kit.css): where it shows over the control that
 * failed (the button just pressed, the field being typed in), the page scrolls that control above
 * it, or a second press would land on the box. At the page's end the box is in its own place,
 * below everything, so the scroll is always enough.
 */
function uncover(focused: Element | null, box: HTMLElement): void {
  const control = focused && focused !== document.body ? focused : pressed;
  if (!(control instanceof HTMLElement)) return;
  const [at, over] = [control.getBoundingClientRect(), box.getBoundingClientRect()];
  if (at.bottom > over.top && at.top < over.bottom) window.scrollBy({ top: at.bottom - over.top + 8, behavior: 'instant' });
}
