package org.utbackpack.plugin.web.settings;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.utbackpack.plugin.request.ForwarderSettings;
import org.utbackpack.plugin.source.StateConnection;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.plugin.web.Routes;

import java.util.EnumSet;

/**
 * Registers the settings feature: the State Connection page's filter (administrators only; what the page shows)
 * and its Test connection button.
 */
public final class SettingsRoutes {

    private SettingsRoutes() {
    }

    public static void register(ServletContext context, StateConnection state, ForwarderSettings forwarding) {
        context.addServlet("utbackpack-utrex-settings", new UtrexSettingsServlet(state))
                .addMapping(Routes.UTREX_ACTIONS + "/*");
        context.addFilter("utbackpack-utrex-settings", new UtrexSettingsFilter(state, forwarding,
                        name -> origin(context.getInitParameter(name), System.getenv(UtrexConfig.environmentName(name)))))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, Routes.UTREX_SETTINGS);
    }

    private static UtrexConfig.Origin origin(String setting, String environment) {
        if (setting != null && !setting.isBlank()) {
            return UtrexConfig.Origin.PLUGIN_SETTING;
        }
        return environment != null && !environment.isBlank() ? UtrexConfig.Origin.ENVIRONMENT : UtrexConfig.Origin.DEFAULT;
    }
}
