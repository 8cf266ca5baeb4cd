import NIOCore
import NIOHTTP1

/// Collects one request, records it, and plays the answer's ``ServerAction``s on the channel.
final class TestServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: TestServerState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: TestServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            self.head = nil
            let uri = head.uri
            let path: String
            let query: String?
            if let mark = uri.firstIndex(of: "?") {
                path = String(uri[..<mark])
                query = String(uri[uri.index(after: mark)...])
            } else {
                path = uri
                query = nil
            }
            let request = RecordedRequest(
                method: head.method.rawValue,
                path: path,
                query: query,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: body
            )
            let response = state.receive(request) ?? state.batches.response(for: request)
                ?? TestServer.defaultResponse(for: request, defaults: state.defaults)
            let keepAlive = head.isKeepAlive
            Self.play(response.actions[...], on: context.channel, keepAlive: keepAlive)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        state.connectionOpened()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.connectionClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Plays `actions` in order; a `.wait` reschedules the rest on the event loop.
    static func play(_ actions: ArraySlice<ServerAction>, on channel: any Channel, keepAlive: Bool) {
        var remaining = actions
        while let action = remaining.popFirst() {
            switch action {
            case .head(let status, let headers):
                var fields = HTTPHeaders(headers)
                if !keepAlive { fields.replaceOrAdd(name: "connection", value: "close") }
                let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields)
                channel.write(HTTPServerResponsePart.head(head), promise: nil)
            case .body(let bytes):
                let buffer = channel.allocator.buffer(bytes: bytes)
                channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
            case .wait(let delay):
                channel.flush()
                let rest = remaining
                channel.eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) {
                    play(rest, on: channel, keepAlive: keepAlive)
                }
                return
            case .end:
                let done = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                if !keepAlive {
                    done.whenComplete { _ in channel.close(promise: nil) }
                }
            case .close:
                channel.flush()
                channel.close(promise: nil)
                return
            }
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled + attoseconds / 1_000_000_000
    }
}
