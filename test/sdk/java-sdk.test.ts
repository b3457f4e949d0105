/**
 * GetSdk `java` and `android`: the generated sources compile with javac 17 (no network, JDK
 * classes only) together with a program that uses them, and `java` runs it against the live
 * stage: parameterised, signed and keyed calls, answers checked.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { API_KEY, SIGNER, fetchSdk, run, useSdkFixture } from './sdk-harness.ts'

const f = useSdkFixture()

const MAIN = (pkg: string, client: string) => `import ${pkg}.*;
import ${pkg}.model.Pet;

public class Main {
    public static void main(String[] args) {
        ${client} plain = new ${client}();
        ApiResponse<Pet> got = plain.petsPetIdGet("rex 1", "red", "abc");
        int unkeyed = 0;
        try {
            plain.keyedGet();
        } catch (ApiException e) {
            unkeyed = e.response.status;
        }
        ApiResponse<Object> keyed = new ${client}().withApiKey(System.getenv("API_KEY")).keyedGet();
        Pet pet = new Pet();
        pet.name = "rex";
        pet.age = 3L;
        ${client} signed = new ${client}().withCredentials(System.getenv("AK"), System.getenv("SK"), null);
        ApiResponse<Pet> created = signed.petsPost(pet);
        int invalid = 0;
        try {
            signed.petsPost(new Pet());
        } catch (ApiException e) {
            invalid = e.response.status;
        }
        System.out.println(Json.write(java.util.Map.of(
            "get", Json.parse(got.body),
            "unkeyed", unkeyed,
            "keyed", Json.parse(keyed.body),
            "created", Json.parse(created.body),
            "invalid", invalid)));
    }
}
`

function javaFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.java'))
    .map((e) => join(e.parentPath, e.name))
}

/** javac (warnings are errors) the SDK with Main.java, run it with java, check the answers */
async function compileAndRun(dir: string, root: string, main: string): Promise<void> {
  writeFileSync(join(dir, 'Main.java'), main)
  const out = join(dir, 'classes')
  await run('javac', ['-Xlint:all', '-Werror', '--release', '17', '-d', out, ...javaFiles(root), join(dir, 'Main.java')], { timeout: 180_000 })
  const { stdout } = await run('java', ['-cp', out, 'Main'], { timeout: 60_000, env: { PATH: process.env.PATH, API_KEY, AK: SIGNER.accessKeyId, SK: SIGNER.secretAccessKey } })
  const result = JSON.parse(stdout) as Record<string, unknown>
  assert.deepEqual(result.get, { petId: 'rex 1', color: 'red', trace: 'abc' })
  assert.equal(result.unkeyed, 403)
  assert.deepEqual(result.keyed, { keyed: true })
  assert.deepEqual(result.created, { caller: SIGNER.accessKeyId, created: true })
  assert.equal(result.invalid, 400)
}

describe('GetSdk java', () => {
  it('compiles with javac and runs against the live stage', async () => {
    const { dir } = await fetchSdk(f, 'java', { serviceName: 'Pets', javaPackageName: 'com.example.pets', javaGroupId: 'com.example', javaArtifactId: 'pets' })
    const root = join(dir, 'generated-code')
    assert.ok(existsSync(join(root, 'pom.xml')))
    assert.match(readFileSync(join(root, 'pom.xml'), 'utf8'), /<artifactId>pets<\/artifactId>/)
    const client = readFileSync(join(root, 'src/main/java/com/example/pets/PetsClient.java'), 'utf8')
    assert.match(client, /\* Fetch one pet/)
    assert.match(client, /public ApiResponse<com\.example\.pets\.model\.Pet> petsPetIdGet\(String petId, String color, String xTrace\)/)
    await compileAndRun(dir, root, MAIN('com.example.pets', 'PetsClient'))
  })

  it('android: AWS parameters name the package and the Gradle build; on HttpURLConnection, compiled and run', async () => {
    const { dir } = await fetchSdk(f, 'android', { groupId: 'com.example', artifactId: 'pets-android', artifactVersion: '2.0.0', invokerPackage: 'com.example.droid' })
    const root = join(dir, 'pets-android')
    assert.match(readFileSync(join(root, 'build.gradle'), 'utf8'), /version = '2\.0\.0'/)
    const client = readFileSync(join(root, 'src/main/java/com/example/droid/SdkPetsClient.java'), 'utf8')
    // Android has no java.net.http: this one is on HttpURLConnection
    assert.doesNotMatch(client, /java\.net\.http/)
    await compileAndRun(dir, root, MAIN('com.example.droid', 'SdkPetsClient'))
  })
})
