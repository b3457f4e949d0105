/** Where and for which stage an SDK is generated: the parts of a GetSdk call that are not the API. */
export interface SdkTarget {
  stageName: string
  /** the stage's invoke URL, baked into the client */
  invokeUrl: string
  /** the region clients sign for */
  region: string
  /** GetSdk's `parameters` (query string), checked against the type's required ones */
  parameters: Record<string, string>
}
