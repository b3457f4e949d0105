import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { useStarted } from '../control/harness.ts'
import { signIn } from './session.ts'

/**
 * Debian's Chromium driven by playwright-core (no browser download). Missing, it FAILS the
 * suite with how to install it: CI installs it in .ci/run, and a skipped browser suite would
 * hide a broken console.
 */
export const CHROMIUM = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium'
/** Where `PORTICO_SCREENSHOTS=1` writes the views the README shows. */
const SHOTS = process.env.PORTICO_SCREENSHOTS ? join(import.meta.dirname, '../../docs/console') : undefined

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set PORTICO_CHROMIUM)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
}

export interface ConsoleBrowser {
  browser: Browser
  /** one tab at 1280×800 */
  page: Page
  /** With PORTICO_SCREENSHOTS=1, writes the page to docs/console/{name}.png: the viewport (scrolled to the top with `top`) or the whole page. */
  shot(name: string, options?: { fullPage?: boolean; top?: boolean }): Promise<void>
  /** A panel of the page (a region), by its accessible name. */
  region(name: string): Locator
  /** A form within a part of the page, by its accessible name. */
  form(within: Locator, name: string): Locator
  /** A fieldset (group) within a part of the page, by its accessible name. */
  group(within: Locator, name: string): Locator
  /** At phone width (390 px), the elements wider than the screen outside the list tables (which scroll): none when the page folds into one column. */
  wideAtPhoneWidth(): Promise<string[]>
  close(): Promise<void>
}

/**
 * The browser suites' one prologue: the built console is there (`npm run build` → dist/console/),
 * Chromium starts with a 1280×800 tab in the suite's `before` (after the gateway's, which is
 * registered first) and, given `signIn`, signs in to the console with that key pair; it closes in
 * the suite's `after`.
 */
export function useConsoleBrowser(options: { signIn?: () => { url: string; accessKeyId: string; secretAccessKey: string } } = {}): ConsoleBrowser {
  return useStarted(async (): Promise<ConsoleBrowser> => {
    assert.ok(existsSync(join(import.meta.dirname, '../../dist/console/index.html')), 'the console is not built: run `npm run build`')
    const browser = await launchChromium()
    let page: Page
    try {
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      const account = options.signIn?.()
      if (account) await signIn(page, account.url, account.accessKeyId, account.secretAccessKey)
    } catch (error) {
      // a set-up that fails has nothing for the suite's after() to close: Chromium would outlive the run
      await browser.close().catch(() => undefined)
      throw error
    }
    return {
      browser,
      page,
      async shot(name, { fullPage = false, top = false } = {}) {
        if (!SHOTS) return
        if (top) await page.evaluate(() => scrollTo(0, 0))
        await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage })
      },
      region: (name) => page.getByRole('region', { name, exact: true }),
      form: (within, name) => within.getByRole('form', { name, exact: true }),
      group: (within, name) => within.getByRole('group', { name, exact: true }),
      async wideAtPhoneWidth() {
        await page.setViewportSize({ width: 390, height: 800 })
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('table.list')).map((e) => `${e.tagName}.${e.className}`).slice(0, 5))
        await page.setViewportSize({ width: 1280, height: 800 })
        return wide
      },
      close: () => browser.close(),
    }
  })
}
