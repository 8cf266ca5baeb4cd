import Testing
import TroupeCore
@testable import TroupeShell

@Suite("Command registry and suggestions")
struct CommandRegistryTests {
    @Test func editDistanceCountsEdits() {
        #expect("".editDistance(to: "abc") == 3)
        #expect("model".editDistance(to: "model") == 0)
        #expect("modle".editDistance(to: "model") == 2)
        #expect("kitten".editDistance(to: "sitting") == 3)
        #expect("hisory".editDistance(to: "history") == 1)
    }

    @Test func nearestIgnoresCaseAndBreaksTiesAlphabetically() {
        #expect(["history", "model"].nearest(to: "MODLE")! == (name: "model", distance: 2))
        #expect(["mode", "made"].nearest(to: "mide")! == (name: "made", distance: 1))
        #expect([String]().nearest(to: "x") == nil)
    }

    @Test func nearestSuggestsTyposAndUniquePrefixes() {
        let registry = CommandRegistry.standard()
        #expect(registry.nearest(to: "modle") == "model")
        #expect(registry.nearest(to: "hist") == "history")
        #expect(registry.nearest(to: "tempreature") == "temperature")
        #expect(registry.nearest(to: "qiut") == "quit")
        #expect(registry.nearest(to: "xyzzyplugh") == nil)
    }

    @Test func everyBuiltInCommandHasHelp() {
        let registry = CommandRegistry.standard()
        let names = Set(registry.names)
        for name in ["api", "model", "temperature", "set", "cache", "tokens", "system", "history",
                     "undo", "retry", "clear", "help", "quit"] {
            #expect(names.contains(name), "missing /\(name)")
            #expect(registry.command(named: name)?.summary.isEmpty == false)
        }
    }

    @Test func extraCommandsAreAddedAndReplaceByName() {
        let extra = SlashCommand(name: "render", arguments: "NAME", summary: "Render a template") { _, _ in }
        let replacement = SlashCommand(name: "quit", summary: "Replaced") { _, _ in }
        let registry = CommandRegistry.standard(extra: [extra, replacement])
        #expect(registry.command(named: "render")?.synopsis == "/render NAME")
        #expect(registry.command(named: "quit")?.summary == "Replaced")
        #expect(registry.all.filter { $0.name == "quit" }.count == 1)
    }
}
