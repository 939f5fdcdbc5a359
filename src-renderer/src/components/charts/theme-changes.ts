import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Calls `onChange` when the page's colours change: the theme chosen in the app (`data-theme` on
 * <html>) or the system's light/dark setting. Charts draw on a canvas with colours read from CSS
 * variables, so they must draw again.
 */
export function useThemeChanges(onChange: () => void): void {
  let observer: MutationObserver | undefined
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined
  onMounted(() => {
    observer = new MutationObserver(onChange)
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    media?.addEventListener('change', onChange)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    media?.removeEventListener('change', onChange)
  })
}
