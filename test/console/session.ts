import type { Page } from 'playwright-core'

/** Opens the console of the Portico at `url` and signs in with this key pair, as a user types it. */
export async function signIn(page: Page, url: string, accessKeyId: string, secretAccessKey: string): Promise<void> {
  await page.goto(`${url}/_portico/console/`)
  await page.getByLabel('Access key ID').fill(accessKeyId)
  await page.getByLabel('Secret access key').fill(secretAccessKey)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: 'REST APIs' }).waitFor()
}
