import Foundation
import CEditLine
