import Testing
@testable import TroupeCore

@Suite("Start-up state machine")
struct LocalServerStartupTests {
    typealias Machine = LocalServerStartup

    @Test func loadingThenReady() {
        var machine = Machine()
        #expect(machine.feed(.processStarted(port: 4000), at: .zero) == [.report(.starting), .pollHealth(after: .milliseconds(20))])
        #expect(machine.feed(.healthUnreachable, at: .milliseconds(20)) == [.pollHealth(after: .milliseconds(50))])
        #expect(machine.feed(.healthAnswered(status: 503), at: .milliseconds(400)) == [
            .report(.loading(elapsed: .milliseconds(400))), .pollHealth(after: .milliseconds(50)),
        ])
        #expect(machine.feed(.healthAnswered(status: 200), at: .milliseconds(1250)) == [
            .report(.ready(port: 4000, elapsedSeconds: 1.25)), .ready(port: 4000, elapsed: .milliseconds(1250)),
        ])
        #expect(machine.phase == .ready(port: 4000))
        // Anything after ready changes nothing.
        #expect(machine.feed(.processExited(.exited(0), bindFailed: false), at: .seconds(2)) == [])
    }

    @Test func pollsLessOftenAsTimeGoesOn() {
        #expect(Machine.pollInterval(at: .seconds(1)) == .milliseconds(50))
        #expect(Machine.pollInterval(at: .seconds(5)) == .milliseconds(100))
        #expect(Machine.pollInterval(at: .seconds(30)) == .milliseconds(250))
    }

    @Test func exitDuringStartFailsAtOnce() {
        var machine = Machine()
        _ = machine.feed(.processStarted(port: 4000), at: .zero)
        _ = machine.feed(.healthAnswered(status: 503), at: .milliseconds(100))
        #expect(machine.feed(.processExited(.signalled(4), bindFailed: false), at: .milliseconds(150)) == [.fail(.exited(.signalled(4)))])
        #expect(machine.phase == .failed)
        #expect(machine.feed(.healthAnswered(status: 200), at: .milliseconds(200)) == [])
    }

    @Test func takenFreePortIsRetriedThenReported() {
        var machine = Machine(maxLaunches: 3)
        _ = machine.feed(.processStarted(port: 4000), at: .zero)
        #expect(machine.feed(.processExited(.exited(1), bindFailed: true), at: .milliseconds(10)) == [.launchOnNewPort])
        #expect(machine.phase == .launching)
        // A relaunch does not report "starting" again.
        #expect(machine.feed(.processStarted(port: 4001), at: .milliseconds(11)) == [.pollHealth(after: .milliseconds(20))])
        #expect(machine.feed(.processExited(.exited(1), bindFailed: true), at: .milliseconds(20)) == [.launchOnNewPort])
        _ = machine.feed(.processStarted(port: 4002), at: .milliseconds(21))
        #expect(machine.feed(.processExited(.exited(1), bindFailed: true), at: .milliseconds(30)) == [.fail(.portInUse(port: 4002, attempts: 3))])
        #expect(machine.launches == 3)
    }

    @Test func takenFixedPortIsReportedWithoutRetry() {
        var machine = Machine(fixedPort: true)
        _ = machine.feed(.processStarted(port: 8080), at: .zero)
        #expect(machine.feed(.processExited(.exited(1), bindFailed: true), at: .milliseconds(5)) == [.fail(.portInUse(port: 8080, attempts: 1))])
    }

    @Test func startLimitStopsTheProcess() {
        var machine = Machine(limit: .seconds(60))
        _ = machine.feed(.processStarted(port: 4000), at: .zero)
        #expect(machine.feed(.healthAnswered(status: 503), at: .seconds(59)) == [.report(.loading(elapsed: .seconds(59))), .pollHealth(after: .milliseconds(250))])
        #expect(machine.feed(.tick, at: .milliseconds(59_900)) == [])
        #expect(machine.feed(.healthAnswered(status: 503), at: .seconds(60)) == [.stopProcess, .fail(.timedOut(limit: .seconds(60)))])
        var unreachable = Machine(limit: .seconds(1))
        _ = unreachable.feed(.processStarted(port: 4000), at: .zero)
        #expect(unreachable.feed(.healthUnreachable, at: .seconds(2)) == [.stopProcess, .fail(.timedOut(limit: .seconds(1)))])
        var ticking = Machine(limit: .seconds(1))
        _ = ticking.feed(.processStarted(port: 4000), at: .zero)
        #expect(ticking.feed(.tick, at: .seconds(1)) == [.stopProcess, .fail(.timedOut(limit: .seconds(1)))])
    }

    @Test func otherStatusesKeepWaiting() {
        var machine = Machine()
        _ = machine.feed(.processStarted(port: 4000), at: .zero)
        #expect(machine.feed(.healthAnswered(status: 500), at: .milliseconds(100)).contains(.pollHealth(after: .milliseconds(50))))
        #expect(machine.phase == .waiting(port: 4000))
    }

    @Test func recognisesBindFailures() {
        #expect(Machine.isBindFailure(["0.00.003.615 E srv         start: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 18391"]))
        #expect(Machine.isBindFailure(["bind: Address already in use"]))
        #expect(!Machine.isBindFailure(["llama_model_load: error loading model: invalid magic"]))
    }
}
