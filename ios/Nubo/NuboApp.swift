import SwiftUI

@main
struct NuboApp: App {
    @StateObject private var core = CoreBridge()

    var body: some Scene {
        WindowGroup {
            RootView().environmentObject(core)
        }
    }
}
