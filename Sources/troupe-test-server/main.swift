// troupe-test-server: the TroupeTestSupport server as a process, for end-to-end tests and
// Scripts/bench-client.sh. Prints `PORT=<n>` once listening, then serves until killed (or
// until --exit-after SECONDS).
import Foundation
import TroupeTestSupport

let usage = """
    usage: troupe-test-server [--port N] [--chunks N] [--chunk-delay-ms N] [--exit-after SECONDS]
      --port N            port on 127.0.0.1 (default 0: a free port)
      --chunks N          chunks per streamed answer (default: one per word of the reply)
      --chunk-delay-ms N  wait before each streamed chunk (default 0)
      --exit-after S      stop after S seconds (default: run until killed)
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n" + usage + "\n").utf8))
    exit(2)
}

var port = 0
var defaults = TestServer.Defaults()
var exitAfter: Double?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    if flag == "--help" || flag == "-h" {
        print(usage)
        exit(0)
    }
    guard let value = arguments.popFirst() else { fail("missing value for \(flag)") }
    switch flag {
    case "--port":
        guard let n = Int(value), (0...65535).contains(n) else { fail("bad port: \(value)") }
        port = n
    case "--chunks":
        guard let n = Int(value), n > 0 else { fail("bad chunk count: \(value)") }
        defaults.streamChunks = n
    case "--chunk-delay-ms":
        guard let n = Int(value), n >= 0 else { fail("bad delay: \(value)") }
        defaults.chunkDelay = .milliseconds(n)
    case "--exit-after":
        guard let s = Double(value), s > 0 else { fail("bad duration: \(value)") }
        exitAfter = s
    default:
        fail("unknown option \(flag)")
    }
}

let server: TestServer
do {
    server = try await TestServer.start(port: port, defaults: defaults)
} catch {
    fail("cannot listen on 127.0.0.1:\(port): \(error)")
}
// Written unbuffered so a script reading our stdout sees it at once.
FileHandle.standardOutput.write(Data("PORT=\(server.port)\n".utf8))

if let exitAfter {
    try await Task.sleep(for: .seconds(exitAfter))
    try? await server.shutdown()
} else {
    // Serve until the process is killed.
    while true {
        try await Task.sleep(for: .seconds(3600))
    }
}
