import Foundation
import Testing
@testable import TroupeCore

@Suite("Config files, places and values a hostile file must not break")
struct ConfigHardeningTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    /// An unknown key is a warning naming file, line and the nearest key; TinyTroupe's own
    /// keys load quietly; a key in a file is a warning that keys come from the environment.
    @Test func unknownAndCredentialKeysAreWarnings() throws {
        let file = try scratch.write("""
            [OpenAI]
            MODLE=gpt-4o
            MAX_CONTENT_DISPLAY_LENGTH=4000
            OPENAI_API_KEY=sk-in-a-file
            TEMPERATURE=0.5

            [Simulation]
            PARALLEL_AGENT_GENERATION=True
            """, to: "config.ini")
        let config = try testLoader(home: nil, currentDirectory: scratch.path).load(configFile: file)
        #expect(config.warnings == [
            .unknownKey(file: file, line: 2, key: "MODLE", nearest: "MODEL"),
            .credentialInFile(file: file, line: 4, key: "OPENAI_API_KEY"),
        ])
        #expect("\(config.warnings[0])" == "\(file):2: unknown setting MODLE is ignored; did you mean MODEL?")
        #expect("\(config.warnings[1])".contains("read from the environment only"))
        #expect(config.credentials.openAIKey == nil)
        #expect(config[.temperature] == 0.5)
    }

    /// The INI reader is linear: 100,000 keys (the quadratic one took 54 s for 40,000).
    @Test(.timeLimit(.minutes(1)))
    func manyKeysParseInLinearTime() throws {
        var text = "[Big]\n"
        for index in 0..<100_000 { text += "KEY_\(index) = \(index)\n" }
        let document = try INIDocument.parse(text, file: "big.ini")
        #expect(document.sections[0].entries.count == 100_000)
        #expect(throws: ConfigError.self) { try INIDocument.parse("[S]\nA=1\nB=2\na=3\n", file: "dup.ini") }
    }

    /// One type knows where files live, following XDG (relative values are ignored).
    @Test func placesFollowXDG() {
        let plain = TroupePaths(environment: ["HOME": "/home/ana"])
        #expect(plain.userConfigFile == "/home/ana/.config/troupe/config.ini")
        #expect(plain.sessionsDirectory == "/home/ana/.local/share/troupe/sessions")
        #expect(plain.historyFile == "/home/ana/.local/share/troupe/history")
        #expect(plain.logDatabase == "/home/ana/.local/share/troupe/logs.db")
        #expect(plain.modelsDirectory == "/home/ana/.local/share/troupe/models")
        #expect(plain.cacheDirectory == "/home/ana/.cache/troupe")
        #expect(plain.runtimeDirectory == "/home/ana/.cache/troupe")
        let xdg = TroupePaths(environment: [
            "HOME": "/home/ana", "XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c", "XDG_CACHE_HOME": "relative/ignored",
            "XDG_RUNTIME_DIR": "/run/user/1",
        ])
        #expect(xdg.sessionsDirectory == "/d/troupe/sessions")
        #expect(xdg.userConfigFile == "/c/troupe/config.ini")
        #expect(xdg.cacheDirectory == "/home/ana/.cache/troupe")
        #expect(xdg.runtimeDirectory == "/run/user/1/troupe")
        #expect(TroupePaths(environment: [:]).dataDirectory == nil)
    }

    /// A CACHE_FILE_NAME without `/` lives in the cache folder; anything with `/` is used as given.
    @Test func whereTheCacheFileIs() {
        let paths = TroupePaths(environment: ["HOME": "/home/ana", "XDG_CACHE_HOME": "/var/cache/ana"])
        #expect(paths.cacheFile(named: "answers.sqlite", currentDirectory: "/work") == "/var/cache/ana/troupe/answers.sqlite")
        #expect(paths.cacheFile(named: "./answers.sqlite", currentDirectory: "/work") == "/work/answers.sqlite")
        #expect(paths.cacheFile(named: "../x.sqlite", currentDirectory: "/work/sub") == "/work/x.sqlite")
        #expect(paths.cacheFile(named: "/abs/x.sqlite", currentDirectory: "/work") == "/abs/x.sqlite")
        #expect(paths.cacheFile(named: "~/x.sqlite", currentDirectory: "/work") == "/home/ana/x.sqlite")
    }

    /// The user's config.ini is read from XDG_CONFIG_HOME when it is set.
    @Test func theUserFileFollowsXDGConfigHome() throws {
        try scratch.write("[OpenAI]\nMODEL=from-xdg\n", to: "xdg/troupe/config.ini")
        let loader = ConfigLoader(
            paths: TroupePaths(environment: ["HOME": scratch.file("home"), "XDG_CONFIG_HOME": scratch.file("xdg")]),
            currentDirectory: scratch.file("work"))
        let config = try loader.load()
        #expect(config.model == "from-xdg")
        #expect(config.source(of: .model) == .file(scratch.file("xdg/troupe/config.ini")))
    }

    /// URLs are shown without the credentials people put in them.
    @Test func urlsAreShownWithoutCredentials() {
        #expect(URLRedaction.redacted("https://user:hunter2@proxy.example/v1") == "https://***@proxy.example/v1")
        #expect(URLRedaction.redacted("https://h.example/v1?key=abc&api-version=1") == "https://h.example/v1?key=***&api-version=1")
        #expect(URLRedaction.redacted("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1")
    }

    /// Every setting is described once: its name, kind, help and placement; names are unique
    /// and the shell names resolve back to the same setting.
    @Test func everySettingIsDescribedOnce() {
        #expect(Set(Setting.all.map(\.id)).count == Setting.all.count)
        #expect(Set(Setting.all.map(\.name)).count == Setting.all.count)
        for setting in Setting.all {
            #expect(!setting.help.isEmpty)
            #expect(Setting.named(setting.shellName) == setting)
            #expect(Setting.named(setting.name.lowercased()) == setting)
            #expect(Setting.withID(setting.id) == setting)
        }
        #expect(Setting.named("CONNECT_TIMEOUT")?.defaultValue == 10)
    }
}
