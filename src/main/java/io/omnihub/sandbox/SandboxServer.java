package io.omnihub.sandbox;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletRegistration;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * One sandbox's own HTTP server: a Tomcat on 127.0.0.1 with a small Spring MVC context that holds
 * only that sandbox's controllers, so each simulated platform has its own port and nothing of the
 * hub (security, Camel, actuator) leaks into it. Port 0 picks a free port.
 */
public final class SandboxServer implements AutoCloseable {

    /** Set in every sandbox's own context, so {@link SandboxApi} controllers load there and nowhere else. */
    static final String CONTEXT_PROPERTY = "omnihub.sandbox.server";

    private final String name;
    private final WebServer server;
    private final AnnotationConfigWebApplicationContext context;

    private SandboxServer(String name, WebServer server, AnnotationConfigWebApplicationContext context) {
        this.name = name;
        this.server = server;
        this.context = context;
    }

    /**
     * Starts a server whose MVC context contains the given controller classes, with the given objects
     * available to them for injection, behind the call log and the fault switches.
     */
    public static SandboxServer start(String name, int port, Faults faults, CallLog calls,
            List<Object> beans, Class<?>... controllers) {
        var context = new AnnotationConfigWebApplicationContext();
        context.setDisplayName("sandbox-" + name);
        var environment = new StandardServletEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("sandbox", Map.of(CONTEXT_PROPERTY, name)));
        context.setEnvironment(environment);
        context.register(SandboxWebConfiguration.class, SandboxAdminController.class);
        context.register(controllers);
        context.addBeanFactoryPostProcessor(factory -> {
            factory.registerSingleton("faults", faults);
            factory.registerSingleton("calls", calls);
            for (Object bean : beans) {
                factory.registerSingleton(bean.getClass().getName(), bean);
            }
        });
        var factory = new TomcatServletWebServerFactory(port);
        factory.setAddress(InetAddress.getLoopbackAddress());
        factory.setDisplayName("sandbox-" + name);
        WebServer server = factory.getWebServer(servletContext -> {
            addFilter(servletContext, "calls", calls.filter());
            addFilter(servletContext, "faults", faults.filter());
            ServletRegistration.Dynamic dispatcher = servletContext.addServlet("sandbox", new DispatcherServlet(context));
            dispatcher.addMapping("/");
            dispatcher.setLoadOnStartup(1);
        });
        try {
            server.start();
        } catch (RuntimeException e) {
            context.close();
            throw new IllegalStateException("Sandbox " + name + " could not start on 127.0.0.1:" + port, e);
        }
        return new SandboxServer(name, server, context);
    }

    private static void addFilter(jakarta.servlet.ServletContext servletContext, String name, Filter filter) {
        servletContext.addFilter(name, filter)
                .addMappingForUrlPatterns(java.util.EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getPort();
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop();
        context.close();
    }
}
