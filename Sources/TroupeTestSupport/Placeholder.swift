import Foundation
import NIOHTTP1; import NIOPosix
