import { bufferAnswerSink } from '../../src/data/buffer-answer-sink.ts'
import { answerSinkContract, IDS, type Received } from './answer-sink.contract.ts'

answerSinkContract('memory (inject)', async (produce): Promise<Received> => {
  const sink = bufferAnswerSink({ ids: IDS, maxStreamedBytes: 10 * 1024 * 1024 })
  await produce(sink)
  try {
    const answer = await sink.collected()
    return { cut: false, ...answer, body: Buffer.from(answer.body) }
  } catch {
    return { cut: true }
  }
})
