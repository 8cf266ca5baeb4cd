// A "troupe-like" process for the lifetime tests: starts a local server the way troupe does,
// prints `ready PID PORT WATCHER_PID` (WATCHER_PID is 0 with setpriv) and waits to be killed.
// With `--wait started` it prints `started PID 0 WATCHER_PID` as soon as the server process is
// launched (while the model loads), which is all a lifetime test needs.
//
//   troupe-local-holder [--guard setpriv|watcher|auto] [--wait ready|started] [--model PATH]
//                       [--server PATH] [--context N]
import Foundation
import TroupeCore

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: troupe-local-holder [--guard setpriv|watcher|auto] [--wait ready|started] [--model PATH] [--server PATH] [--context N]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = value
}

var configuration = LocalServerConfiguration(model: options["model"], server: options["server"])
configuration.contextSize = options["context"].flatMap(Int.init) ?? 1024
switch options["guard"] ?? "auto" {
case "setpriv": configuration.lifetimeGuard = .setpriv(path: "/usr/bin/setpriv")
case "watcher": configuration.lifetimeGuard = .watcher(shell: "/bin/sh")
default: break
}
let reportWhenStarted = options["wait"] == "started"

/// This process's children whose command line contains `text` (the server, the watcher).
func child(mentioning text: String) -> Int32 {
    let me = String(getpid())
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries where Int32(entry) != nil {
        guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let paren = stat.lastIndex(of: ")"),
            stat[stat.index(after: paren)...].split(separator: " ").dropFirst().first.map(String.init) == me,
            let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
            String(decoding: cmdline, as: UTF8.self).contains(text)
        else { continue }
        return Int32(entry) ?? 0
    }
    return 0
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let http = TransportLocalServerHTTP()
do {
    let launcher = LocalServerLauncher(configuration: configuration, http: http)
    let process = try await launcher.launch { step in
        if reportWhenStarted, step == .starting {
            say("started \(child(mentioning: "llama-server")) 0 \(child(mentioning: "troupe-local-watcher"))")
        }
    }
    say("ready \(process.pid) \(process.endpoint.port) \(process.watcherPID ?? 0)")
    // Keep the process (and so the server) alive until killed.
    while true { try await Task.sleep(for: .seconds(3600)) }
} catch {
    FileHandle.standardError.write(Data("troupe-local-holder: \(error)\n".utf8))
    exit(1)
}
