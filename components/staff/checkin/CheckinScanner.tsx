"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";

type CameraState = "off" | "starting" | "on" | "denied" | "unavailable" | "error";

type Decoder = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: "dontInvert" }) => { data: string } | null;

const SCAN_EVERY_MS = 150;
/** The same code in front of the camera is sent once, again only after it has been away this long. */
const SAME_CODE_PAUSE_MS = 4000;
/** Frames are scaled down before decoding: QR codes on a phone screen stay readable, and old phones keep up. */
const MAX_SIDE = 640;

/**
 * The phone's rear camera (getUserMedia); frames are decoded in the browser (jsQR, loaded only when the camera
 * starts) and each new payload goes to the server action. Nothing is decided here: the server checks the token.
 */
export function CheckinScanner({ onScan, busy }: { onScan: (payload: string) => void; busy: boolean }) {
  const t = useTranslations("staffCheckin");
  const [camera, setCamera] = useState<CameraState>("off");
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<number | null>(null);
  const lastRef = useRef<{ payload: string; at: number } | null>(null);
  // The loop reads the latest props without restarting the camera.
  const onScanRef = useRef(onScan);
  const busyRef = useRef(busy);
  useEffect(() => {
    onScanRef.current = onScan;
    busyRef.current = busy;
  }, [onScan, busy]);

  function stop() {
    if (timerRef.current !== null) window.clearTimeout(timerRef.current);
    timerRef.current = null;
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }

  useEffect(() => stop, []);

  async function start() {
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
      setCamera("unavailable");
      return;
    }
    setCamera("starting");
    let decode: Decoder;
    try {
      const [stream, jsqr] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }),
        import("jsqr"),
      ]);
      streamRef.current = stream;
      decode = jsqr.default as Decoder;
      const video = videoRef.current;
      if (!video) return stop();
      video.srcObject = stream;
      await video.play();
    } catch (error) {
      stop();
      const name = (error as { name?: string } | null)?.name;
      setCamera(name === "NotAllowedError" || name === "SecurityError" ? "denied" : name === "NotFoundError" ? "unavailable" : "error");
      return;
    }
    setCamera("on");

    const tick = () => {
      timerRef.current = window.setTimeout(tick, SCAN_EVERY_MS);
      const video = videoRef.current;
      const canvas = canvasRef.current;
      if (!video || !canvas || busyRef.current || video.readyState < video.HAVE_ENOUGH_DATA || !video.videoWidth) return;
      const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (!context) return;
      context.drawImage(video, 0, 0, width, height);
      const found = decode(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: "dontInvert" });
      if (!found?.data) return;
      const now = Date.now();
      const last = lastRef.current;
      if (last && last.payload === found.data && now - last.at < SAME_CODE_PAUSE_MS) {
        last.at = now; // still in front of the camera: keep waiting until it has been taken away
        return;
      }
      lastRef.current = { payload: found.data, at: now };
      onScanRef.current(found.data);
    };
    tick();
  }

  function turnOff() {
    stop();
    setCamera("off");
  }

  const running = camera === "on" || camera === "starting";
  const notice = camera === "denied" || camera === "unavailable" || camera === "error" ? t(`scan.${camera}`) : null;

  return (
    <section className="staff-checkin__scan" aria-labelledby="checkin-scan-title">
      <h2 id="checkin-scan-title">{t("scan.title")}</h2>
      <div className="staff-checkin__viewport" hidden={!running}>
        <video ref={videoRef} className="staff-checkin__video" playsInline muted aria-label={t("scan.video")} />
        <div className="staff-checkin__frame" aria-hidden="true" />
      </div>
      <canvas ref={canvasRef} hidden />
      {camera === "starting" ? <p className="muted">{t("scan.starting")}</p> : null}
      {camera === "on" ? <p className="muted">{t("scan.scanning")}</p> : null}
      {notice ? (
        <p className="notice" role="alert">
          {notice}
        </p>
      ) : null}
      {running ? (
        <button type="button" className="button button--secondary button--wide" onClick={turnOff}>
          {t("scan.stop")}
        </button>
      ) : (
        <button type="button" className="button button--wide" onClick={() => void start()}>
          {t("scan.start")}
        </button>
      )}
    </section>
  );
}
