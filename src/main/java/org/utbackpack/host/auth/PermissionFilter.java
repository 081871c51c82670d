package org.utbackpack.host.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.Set;

/**
 * Hands the signed-in staff member's permissions to pages ({@code $permissions}) and to plugins (request
 * attribute {@code ps.user.permissions}, an unmodifiable {@code Set<String>}), and whether they are a system
 * administrator ({@code ps.user.sysadmin}). A guardian, or nobody, has none. Runs after the host's filter has
 * decided who is signed in.
 */
public final class PermissionFilter extends HttpFilter {

    /** Request attribute: the staff member's permission names (the plugin's SPI name). */
    public static final String ATTRIBUTE = "ps.user.permissions";
    /**
     * Request attribute: USERS.SYSADMIN of the signed-in staff member (false for a guardian), read with the
     * permissions in one statement on every request (the plugin's SPI name).
     */
    public static final String SYSADMIN_ATTRIBUTE = "ps.user.sysadmin";
    /** The same set, as the template variable {@code $permissions}. */
    public static final String TEMPLATE_VARIABLE = "permissions";

    private final Roles roles;

    public PermissionFilter(Roles roles) {
        this.roles = roles;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(SessionUser.SESSION_ATTRIBUTE);
        boolean staff = user instanceof SessionUser signedIn && signedIn.staff();
        Roles.Rights rights = staff && !isAsset(request) ? roles.rightsOf(((SessionUser) user).id())
                : new Roles.Rights(false, Set.of());
        request.setAttribute(ATTRIBUTE, rights.permissions());
        request.setAttribute(TEMPLATE_VARIABLE, rights.permissions());
        if (user != null && !isAsset(request)) { // a stylesheet or script needs no database read
            request.setAttribute(SYSADMIN_ATTRIBUTE, rights.sysadmin());
        }
        chain.doFilter(request, response);
    }

    /** True when the request carries this permission (set by this filter earlier in the same request). */
    public static boolean has(HttpServletRequest request, String permission) {
        return request.getAttribute(ATTRIBUTE) instanceof Set<?> permissions && permissions.contains(permission);
    }

    private static boolean isAsset(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/host-assets/") || path.startsWith("/scripts/") || path.startsWith("/images/")
                || path.startsWith("/css/");
    }
}
